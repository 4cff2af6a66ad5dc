/**
 * The small HTML pages a browser sees at the end of an install (declined, an install link used twice or too old, a
 * failure), from `copy.yml`'s `install` sentences: every word escaped, `{install}` a link to start again.
 */
import type { Catalogue } from '../knowledge/load.js';
import { fill } from '../knowledge/copy.js';

export type PageKind = 'declined' | 'expired' | 'failed';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The page for `kind`, linking to `installPath` (`/slack/install`). */
export function renderPage(catalogue: Catalogue, kind: PageKind, installPath: string): string {
  const copy = catalogue.copy.install;
  const title = escapeHtml(copy[`${kind}_title`]);
  const link = `<a href="${escapeHtml(installPath)}">${escapeHtml(copy.install_link)}</a>`;
  const text = fill(escapeHtml(copy[kind]), { install: link });
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1d1c1d}</style>',
    '</head>',
    `<body><h1>${title}</h1><p>${text}</p></body>`,
    '</html>',
  ].join('\n');
}

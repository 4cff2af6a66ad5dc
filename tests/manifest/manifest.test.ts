/**
 * Both manifests (Socket Mode: manifest.yml; HTTP: manifest.http.yml) validate against Slack's published JSON Schema
 * (vendored in tests/fixtures/manifest-schema, a copy of shared/slack/manifest-schema), declare the same app, and
 * request only the scopes the README justifies.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../src/slack/app.js';
import { SHORTCUTS } from '../../src/conversation/actions.js';
import { loadCatalogue } from '../../src/knowledge/load.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const dir = new URL('../fixtures/manifest-schema/', import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
const load = (name: string) => parse(readFileSync(new URL(`../../${name}`, import.meta.url), 'utf8'));
const socket = load('manifest.yml');
const http = load('manifest.http.yml');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // The entry schema refers to the versioned schemas by their published URLs; register the vendored copies there.
  ajv.addSchema(read('schemas/manifest.schema.1.0.0.json'), 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.1.0.0.json');
  ajv.addSchema(read('schemas/manifest.schema.2.0.0.json'), 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.2.0.0.json');
  return ajv.compile(read('manifest.schema.json'));
}

/** A manifest without what tells the two modes apart: request URLs and the Socket Mode switch. */
function withoutTransport(manifest: any): unknown {
  const copy = structuredClone(manifest);
  for (const c of copy.features.slash_commands) delete c.url;
  delete copy.settings.event_subscriptions.request_url;
  delete copy.settings.interactivity.request_url;
  delete copy.settings.socket_mode_enabled;
  delete copy.oauth_config.redirect_urls;
  return copy;
}

/** The scopes named in the first column of the README's "Scopes" table. */
function readmeScopes(): string[] {
  const section = readme.split(/^### Scopes$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
  return [...section.matchAll(/^\| `([a-z_.:]+)` \|/gm)].map((m) => m[1]!);
}

describe.each([
  ['manifest.yml', socket],
  ['manifest.http.yml', http],
])('%s', (_name, manifest) => {
  it("validates against Slack's published app manifest JSON Schema", () => {
    const validate = validator();
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('fails the schema with an unknown key, so the schema check has teeth', () => {
    const validate = validator();
    expect(validate({ ...manifest, display_information: { ...manifest.display_information, colour: 'red' } })).toBe(false);
  });

  it('declares the slash command, the events and the scopes the listeners need', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toContain('/sourcing');
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.im', 'app_home_opened', 'app_uninstalled', 'tokens_revoked']));
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'app_mentions:read', 'im:history']));
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('declares the message shortcut and the global shortcut the app listens for, by callback id', () => {
    const shortcuts = manifest.features.shortcuts.map((s: { type: string; callback_id: string }) => [s.type, s.callback_id]);
    expect(shortcuts).toEqual([
      ['message', SHORTCUTS.ask],
      ['global', SHORTCUTS.decide],
    ]);
    // Shortcuts need the commands scope.
    expect(manifest.oauth_config.scopes.bot).toContain('commands');
  });

  it('shows the suggested prompts of intents/home.yml in the Messages tab (agent_view), at most four', () => {
    const prompts = loadCatalogue().home.prompts!.items.map(({ title, message }) => ({ title, message }));
    expect(manifest.features.agent_view.suggested_prompts).toEqual(prompts);
    expect(prompts.length).toBeLessThanOrEqual(4);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    // The agent experience and assistant.threads.setSuggestedPrompts need assistant:write.
    expect(manifest.oauth_config.scopes.bot).toContain('assistant:write');
  });

  it('requests exactly the bot scopes the app asks for at OAuth install time', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  it('does not request im:read, which no code uses', () => {
    expect(manifest.oauth_config.scopes.bot).not.toContain('im:read');
  });
});

describe('the two manifests', () => {
  it('turn Socket Mode on in manifest.yml and off in manifest.http.yml', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(http.settings.socket_mode_enabled).toBe(false);
  });

  it('point every HTTP request URL at /slack/events over https', () => {
    const urls = [...http.features.slash_commands.map((c: { url?: string }) => c.url), http.settings.event_subscriptions.request_url, http.settings.interactivity.request_url];
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    for (const url of http.oauth_config.redirect_urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/oauth_redirect$/);
  });

  it('declare the same app apart from the request URLs and the Socket Mode switch', () => {
    expect(withoutTransport(http)).toEqual(withoutTransport(socket));
  });
});

describe('README.md', () => {
  it('justifies each bot scope the manifests request, and no other', () => {
    expect(readmeScopes().sort()).toEqual([...BOT_SCOPES].sort());
  });
});

/**
 * The engine both doors (Slack and the terminal) use: the catalogue, the matcher, the router over it, and the
 * renderer. Pure apart from loading the content once at startup.
 */
import { defaultContentDir, loadCatalogue, matcherContent, type Catalogue } from './knowledge/load.js';
import { engineCache } from './knowledge/cache.js';
import { createMatcher, type Matcher } from './nlu/matcher.js';
import { englishWords } from './nlu/dictionary.js';
import { createRouter, type Router } from './conversation/router.js';
import { createRenderer, type Renderer } from './replies/index.js';

export interface Engine {
  readonly catalogue: Catalogue;
  readonly matcher: Matcher;
  readonly router: Router;
  readonly render: Renderer;
}

/** Builds the engine from `intents/`, through the startup cache (see knowledge/cache.ts). */
export function createEngine(contentDir: string = defaultContentDir()): Engine {
  const cache = engineCache(contentDir);
  const catalogue = loadCatalogue(contentDir, cache.read);
  const matcher = createMatcher(matcherContent(catalogue), {}, englishWords(), cache.weights);
  cache.save(matcher.trained());
  return engineOver(catalogue, matcher);
}

/** The engine over an already loaded catalogue (tests that build their own content). */
export function engineFor(catalogue: Catalogue): Engine {
  return engineOver(catalogue, createMatcher(matcherContent(catalogue)));
}

function engineOver(catalogue: Catalogue, matcher: Matcher): Engine {
  const content = matcherContent(catalogue);
  return { catalogue, matcher, router: createRouter(matcher, content.social), render: createRenderer(catalogue) };
}

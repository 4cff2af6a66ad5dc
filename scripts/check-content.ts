/** Validates `intents/` and prints one line per problem (used while writing content). */
import { loadCatalogue } from '../src/knowledge/load.js';
try {
  const c = loadCatalogue();
  console.log(`content ok: ${c.intents.size} intents, ${c.sources.size} sources`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

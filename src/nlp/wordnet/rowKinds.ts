// Words for the rows that the dataset's own name is a kind of: a table named "loblolly" holds pines,
// so trees; one named "islands" holds land masses. WordNet's hypernyms of the name's words, a few
// levels up, short of the words so general that every table's rows are one ("object", "organism").
import type { CatalogDataset } from '../../shared/catalog.js';
import { splitLabel } from '../labelPhrases.js';
import { lemmasOf } from './lemmas.js';
import type { WordNet } from './wordnet.js';

/** Levels of hypernyms climbed: loblolly pine → pine → conifer → gymnospermous tree → tree. */
const DEPTH = 5;
/** Senses of the name looked at: the commonest only (more bring kinds such as "tissue" for iris). */
const SENSES = 1;

/** Kinds too general to say anything of a table's rows. */
export const TOO_GENERAL = new Set(['entity', 'physical entity', 'object', 'physical object', 'whole', 'unit', 'thing', 'organism', 'being', 'living thing', 'animate thing', 'abstraction', 'abstract entity', 'matter', 'artifact', 'artefact', 'group', 'grouping', 'set', 'collection', 'measure', 'quantity', 'attribute', 'relation', 'event', 'act', 'person', 'individual', 'someone', 'somebody', 'causal agent', 'cause', 'location', 'region', 'substance', 'part', 'portion', 'item', 'element', 'component']);

/** A test for words that name what the dataset's rows are a kind of ("trees" for a dataset named loblolly). */
export function rowKindsOf(wn: WordNet, ds: CatalogDataset): (word: string) => boolean {
  const kinds = new Set<string>();
  const names = new Set([...splitLabel(ds.name), ...splitLabel(ds.label.replace(/\.[a-z0-9]+$/i, ''))].filter((w) => w.length >= 3));
  for (const n of names) for (const k of kindsAbove(wn, n)) if (!TOO_GENERAL.has(k) && !names.has(k)) kinds.add(k);
  return (word) => kinds.has(word) || lemmasOf(word, 'noun').some((l) => kinds.has(l));
}

/** The words of every sense above the name's first few noun senses, or above its compounds' ("loblolly" is a gruel, and a pine in "loblolly pine"), `depth` levels up. */
export function kindsAbove(wn: WordNet, word: string, depth = DEPTH): Set<string> {
  const out = new Set<string>();
  const base = [word, ...lemmasOf(word, 'noun')].find((w) => wn.has(w, 'n'));
  if (!base) return out;
  // A word of one sense may be short for a compound ("loblolly" for the loblolly pine): its compounds' senses too.
  const own = wn.lookup(base, 'n');
  const compounds = own.length <= 1 ? wn.compoundsOf(base, 'n').flatMap((c) => wn.lookup(c, 'n').slice(0, 1)) : [];
  let frontier = [...own.slice(0, SENSES), ...compounds];
  for (let d = 0; d < depth && frontier.length; d++) {
    frontier = frontier.flatMap((s) => wn.follow(s, '@'));
    for (const s of frontier) for (const w of s.words) out.add(w);
  }
  return out;
}

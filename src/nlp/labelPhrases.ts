// The phrases that name a dataset or a column: its label and name as words, with each word's
// abbreviation, expansion and synonyms.
import type { CatalogColumn, CatalogDataset } from '../shared/catalog.js';
import { ABBREVIATIONS, AGG_WORDS, STOPWORDS, SYNONYM_GROUPS } from './lexicon.js';
import { phraseKey } from './tokenize.js';
import type { EntrySource } from './vocabulary.js';

export const MAX_KEY_WORDS = 6;

/** Readable phrases for a dataset: its label and name, split into words. */
export function datasetPhrases(ds: CatalogDataset): string[] {
  return [...new Set([splitLabel(ds.label).join(' '), splitLabel(ds.name).join(' ')].filter(Boolean))];
}

/** Splits a label or identifier into lower-case words: "unit_price" → unit price, "USGross" → us gross. */
export function splitLabel(label: string): string[] {
  const spaced = label
    .replace(/\.(csv|tsv|txt|json|jsonl|ndjson|parquet|arrow|xlsx?)$/i, '') // a file extension in a dataset label, not R's "Min.Fare"
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-./]+/g, ' ');
  const key = phraseKey(spaced);
  return key ? key.split(' ') : [];
}

const synonymsOf = (() => {
  const m = new Map<string, Set<string>>();
  for (const group of SYNONYM_GROUPS) for (const w of group) for (const o of group) if (o !== w) (m.get(w) ?? m.set(w, new Set()).get(w)!).add(o);
  return (w: string) => m.get(w) ?? new Set<string>();
})();

const fullToAbbrev = (() => {
  const m = new Map<string, string[]>();
  for (const [a, f] of Object.entries(ABBREVIATIONS)) (m.get(f) ?? m.set(f, []).get(f)!).push(a);
  return m;
})();

/** Alternatives for one label word with their trust: itself, its abbreviation/expansion, its synonyms. */
export function alternatives(w: string): Map<string, { source: EntrySource; score: number }> {
  const out = new Map<string, { source: EntrySource; score: number }>([[w, { source: 'label', score: 1 }]]);
  const full = ABBREVIATIONS[w];
  if (full) out.set(full, { source: 'abbreviation', score: 0.97 });
  for (const a of fullToAbbrev.get(w) ?? []) if (a.length > 2 && !out.has(a)) out.set(a, { source: 'abbreviation', score: 0.95 });
  for (const base of [w, full].filter((x): x is string => !!x)) {
    for (const s of synonymsOf(base)) if (!out.has(s)) out.set(s, { source: 'synonym', score: 0.85 });
  }
  return out;
}

/**
 * Every phrase that names a column, with its trust: the label and name as words, each word
 * swapped for its expansion or synonyms, two-word labels in both orders ("max temp", "temp max"),
 * and shorter runs of the label ("customer satisfaction") or single words ("gross") as partial names.
 */
export function columnPhrases(col: CatalogColumn): Map<string, { source: EntrySource; score: number }> {
  const out = new Map<string, { source: EntrySource; score: number }>();
  const put = (k: string, source: EntrySource, score: number) => {
    const prev = out.get(k);
    if (!prev || prev.score < score) out.set(k, { source, score });
  };
  const variants = [splitLabel(col.label), splitLabel(col.name)].filter((w) => w.length > 0 && w.length <= MAX_KEY_WORDS);
  for (const words of variants) {
    const alts = words.map((w) => [...alternatives(w)]);
    let combos: { words: string[]; score: number; source: EntrySource }[] = [{ words: [], score: 1, source: 'label' }];
    for (const choices of alts) {
      const next: typeof combos = [];
      for (const c of combos) for (const [alt, a] of choices) next.push({ words: [...c.words, alt], score: c.score * a.score, source: a.source === 'label' ? c.source : a.source });
      combos = next.slice(0, 64);
    }
    for (const c of combos) {
      put(c.words.join(' '), c.source, c.score);
      if (c.words.length === 2) put([c.words[1], c.words[0]].join(' '), c.source, c.score * 0.98);
    }
    if (words.length > 1) {
      for (let len = words.length - 1; len >= 1; len--) {
        for (let i = 0; i + len <= words.length; i++) {
          const run = words.slice(i, i + len);
          // A lone modifier ("max", "us", "total") does not name the column by itself.
          if (len === 1 && (STOPWORDS.has(run[0]!) || run[0]! in AGG_WORDS || run[0]!.length < 3 || (ABBREVIATIONS[run[0]!] ?? '') in AGG_WORDS)) continue;
          for (const [alt, a] of len === 1 ? alternatives(run[0]!) : new Map([[run.join(' '), { source: 'label' as EntrySource, score: 1 }]])) {
            put(alt, 'partial', 0.6 * a.score);
          }
        }
      }
    }
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { linkEntities } from '../../../src/nlp/link.js';
import { tokenize } from '../../../src/nlp/tokenize.js';
import { buildVocabulary, columnPhrases, splitLabel } from '../../../src/nlp/vocabulary.js';
import { FuzzyIndex } from '../../../src/nlp/fuzzyIndex.js';
import { demoDatasets } from '../../fixtures/nlp/demoCatalogs.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const all = demoDatasets();
const sw = buildVocabulary(all.seattle_weather!.dataset, all.seattle_weather!.dimensionValues);
const st = buildVocabulary(all.stocks!.dataset, all.stocks!.dimensionValues);
const targets = (v: typeof sw, q: string) => linkEntities(tokenize(q).tokens, v).links.map((l) => l.candidates[0]!.target);

describe('vocabulary', () => {
  it('splits labels and expands abbreviations generically', () => {
    expect(splitLabel('temp_max')).toEqual(['temp', 'max']);
    expect(splitLabel('USGross')).toEqual(['us', 'gross']);
    const p = columnPhrases(all.seattle_weather!.dataset.columns.find((c) => c.name === 'temp_max')!);
    for (const k of ['temp max', 'max temp', 'maximum temperature', 'temperature maximum']) expect(p.has(k), k).toBe(true);
    expect(p.get('temperature')?.source).toBe('partial');
  });
  it('links columns, values and inflections, longest match first', () => {
    expect(targets(sw, 'maximum temperature on rainy days')).toEqual([
      { kind: 'column', column: 'temp_max' },
      { kind: 'value', column: 'weather', value: 'rain' },
    ]);
    expect(targets(sw, 'sunny or foggy')).toEqual([
      { kind: 'value', column: 'weather', value: 'sun' },
      { kind: 'value', column: 'weather', value: 'fog' },
    ]);
  });
  it('tolerates typos with a score below an exact match', () => {
    for (const [q, col] of [['temprature max', 'temp_max'], ['precipitaton', 'precipitation'], ['wnd', 'wind']] as const) {
      const r = linkEntities(tokenize(q).tokens, sw);
      expect(r.links[0]!.candidates[0]!.target, q).toEqual({ kind: 'column', column: col });
      expect(r.corrections.length).toBe(1);
      expect(r.links[0]!.candidates[0]!.score).toBeLessThan(1);
    }
  });
  it('matches a word to an upper-case code whose letters it contains in order', () => {
    expect(targets(st, 'microsoft')).toEqual([{ kind: 'value', column: 'symbol', value: 'MSFT' }]);
    expect(targets(st, 'microsft')).toEqual([{ kind: 'value', column: 'symbol', value: 'MSFT' }]);
    expect(targets(st, 'amazon')).toEqual([{ kind: 'value', column: 'symbol', value: 'AMZN' }]);
  });
  it('reports words it cannot place as unknown', () => {
    expect(linkEntities(tokenize('total profit by weather').tokens, sw).unknown.map((t) => t.key)).toEqual(['profit']);
  });
  it('lets a learned synonym outrank the catalog', () => {
    const v = buildVocabulary(all.seattle_weather!.dataset, all.seattle_weather!.dimensionValues, [
      { datasetName: 'seattle_weather', phrase: 'warmest', target: { kind: 'column', column: 'temp_max', agg: 'max' } },
      { datasetName: 'other', phrase: 'gusty', target: { kind: 'column', column: 'wind' } },
    ]);
    expect(targets(v, 'warmest')).toEqual([{ kind: 'column', column: 'temp_max', agg: 'max' }]);
    expect(linkEntities(tokenize('gusty').tokens, v).unknown.map((t) => t.key)).toEqual(['gusty']);
  });
  it('caps the values indexed per column', () => {
    const v = buildVocabulary(all.stocks!.dataset, { symbol: ['MSFT', 'AMZN', 'IBM'] }, [], { maxValuesPerColumn: 2 });
    expect(v.valueCount).toBe(2);
  });
});

describe('fuzzy index', () => {
  // Its speed is measured by bench/nlp.ts (question → plan, with typos, against its targets), not timed here:
  // a timed assertion failed on a loaded machine.
  it('finds a typo among 100k words by blocking', () => {
    const idx = new FuzzyIndex();
    for (let i = 0; i < 100_000; i++) idx.add(`w${i.toString(36)}x${(i * 7919).toString(36)}`, false);
    idx.add('precipitation');
    for (let i = 0; i < 100; i++) expect(idx.lookup('precipitaton')?.word).toBe('precipitation');
    expect(idx.lookup('zzzzzzzz')).toBeUndefined();
  });
});

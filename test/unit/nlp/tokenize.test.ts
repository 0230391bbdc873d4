import { describe, expect, it } from 'vitest';
import { phraseKey, tokenize } from '../../../src/nlp/tokenize.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const keys = (q: string) => tokenize(q).tokens.map((t) => t.key);
const nums = (q: string) => tokenize(q).tokens.filter((t) => t.kind === 'number').map((t) => t.value);

describe('tokenize', () => {
  it("keeps contractions whole (natural's WordTokenizer splits isn't into isn + t)", () => {
    expect(keys("Isn't it sunny?")).toEqual(['isnt', 'it', 'sunny', '?']);
  });
  it('reads number words, suffixes, percentages and ordinals', () => {
    expect(nums('three days')).toEqual([3]);
    expect(nums('twenty five or twenty-five')).toEqual([25, 25]);
    expect(nums('two hundred and ten')).toEqual([210]);
    expect(nums('1.2k units and 3 million')).toEqual([1200, 3_000_000]);
    expect(nums('1,224.2 mm')).toEqual([1224.2]);
    const pct = tokenize('5% more').tokens[0]!;
    expect(pct).toMatchObject({ kind: 'number', value: 5, percent: true });
    expect(tokenize('the third quarter').tokens[1]).toMatchObject({ kind: 'number', value: 3, ordinal: true, key: 'third' });
    expect(tokenize('25th').tokens[0]).toMatchObject({ value: 25, ordinal: true });
  });
  it('does not read a range dash as a minus, but reads a leading minus', () => {
    expect(nums('2012-2014')).toEqual([2012, 2014]);
    expect(nums('below -5 degrees')).toEqual([-5]);
  });
  it('joins hyphenated words and stems words', () => {
    expect(keys('year-over-year')).toEqual(['year', 'over', 'year']);
    expect(tokenize('temperatures').tokens[0]!.stem).toBe('temperatur');
  });
  it('gives catalog phrases the same keys the question tokens get', () => {
    for (const v of ['Warner Bros.', "Men's Shoes", 'PG-13', 'Self-employed', 'MSFT', 'Zürich Nord']) {
      const fromQuestion = tokenize(v).tokens.filter((t) => t.kind !== 'punct').map((t) => t.key).join(' ');
      expect(phraseKey(v), v).toBe(fromQuestion);
    }
  });
  it('flags long, non-Latin and emoji input', () => {
    expect(tokenize('x'.repeat(10_000)).truncated).toBe(true);
    expect(tokenize('降水量是多少').nonLatinShare).toBe(1);
    expect(tokenize('🌧️☔').emojiCount).toBe(2);
  });
});

describe('codes that start with digits', () => {
  it('"470V", "4WD" are one word each, in questions and in catalog values alike', () => {
    expect(keys('perf of the AMDAHL 470V/7')).toEqual(['perf', 'of', 'the', 'amdahl', '470v', '/', '7']);
    expect(keys('4WD cars')).toEqual(['4wd', 'cars']);
    expect(phraseKey('AMDAHL 470V/7')).toBe('amdahl 470v 7');
    expect(phraseKey('4WD')).toBe('4wd');
  });
  it('stays off: numbers with a suffix the tokenizer reads stay numbers', () => {
    expect(nums('the 1990s')).toEqual([1990]);
    expect(nums('over 5k')).toEqual([5000]);
    expect(keys('the 3rd quarter')).toEqual(['the', '3rd', 'quarter']);
    expect(phraseKey('1,200')).toBe('1200');
  });
});

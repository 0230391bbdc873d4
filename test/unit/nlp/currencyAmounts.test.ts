// "$1,500": a currency sign against a number is part of the amount, so "over $1,500" compares.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { tokenize } from '../../../src/nlp/tokenize.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const books = table('books', 180, [col('title', 'text', 'dimension', null, null, 180), col('price', 'double', 'measure', 20, 2500, 150), col('pages', 'integer', 'measure', 100, 3000, 150), col('year', 'integer', 'measure', 1900, 2000, 80)]);
const ctx = { vocabularies: [buildVocabulary(books, {}, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'books' });

describe('amounts written with a currency sign', () => {
  it('"$1,500" is one number token, an amount that is never a year', () => {
    const t = tokenize('over $1,500').tokens;
    expect(t.map((x) => x.kind)).toEqual(['word', 'number']);
    expect(t[1]).toMatchObject({ value: 1500, money: true, formatted: true });
    expect(tokenize('under $1990').tokens[1]).toMatchObject({ value: 1990, formatted: true });
  });
  it('"how many cost less than $100" compares the price', () => {
    const p = plan('how many books cost less than $100?');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'price', op: 'lt', value: 100 });
  });
  it('stays off: a sign standing alone is still punctuation', () => {
    expect(tokenize('price in $ please').tokens.map((x) => x.kind)).toContain('punct');
  });
});

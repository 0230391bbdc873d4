import { describe, expect, it } from 'vitest';
import { CooccurrenceModel, withColdStart, type Step } from '../../../src/recommend/core/cooccurrence.js';
import { itemId } from '../../../src/recommend/core/itemId.js';

const asked = (text: string, o: Partial<Step> = {}): Step => ({ id: itemId('question', text), kind: 'question', text, how: 'asked', answered: true, helpful: 0, ...o });
const opened = (text: string): Step => ({ id: itemId('insight', text), kind: 'insight', text, how: 'opened', answered: true, helpful: 0 });

describe('item ids', () => {
  it('ignore case, punctuation and spacing, keep numbers and kinds apart', () => {
    expect(itemId('question', 'What was X?')).toBe(itemId('question', '  what  was x '));
    expect(itemId('question', 'sales in 2019')).not.toBe(itemId('question', 'sales in 2018'));
    expect(itemId('question', 'up 3.5%')).toBe('q:up 3.5%');
    expect(itemId('insight', 'a')).not.toBe(itemId('question', 'a'));
  });
});

describe('co-occurrence ranking', () => {
  it('ranks what followed the last question, nearer steps more, and leaves out the context', () => {
    const m = new CooccurrenceModel([
      [asked('a'), asked('b'), asked('c')],
      [asked('a'), asked('b')],
      [asked('a'), asked('d')],
    ]);
    const r = m.rank([itemId('question', 'a')], new Set([itemId('question', 'a')]), 5, { popular: false });
    expect(r.map((x) => x.text)).toEqual(['b', 'd', 'c']);
    expect(r[0]!.reasons).toEqual(['asked_next']);
  });

  it('never offers a question that only ever got a clarification', () => {
    const m = new CooccurrenceModel([[asked('a'), asked('gibberish', { answered: false })], [asked('a'), asked('b')]]);
    expect(m.rank([itemId('question', 'a')], new Set(), 5).map((x) => x.text)).not.toContain('gibberish');
  });

  it('helpful votes lift an item and unhelpful ones lower it, within bounds', () => {
    const sessions = [[asked('a'), asked('b')], [asked('a'), asked('c')]];
    const base = new CooccurrenceModel(sessions).rank([itemId('question', 'a')], new Set(), 5, { popular: false });
    expect(base[0]!.score).toBeCloseTo(base[1]!.score);
    const voted = new CooccurrenceModel([[asked('a'), asked('b', { helpful: -3 })], [asked('a'), asked('c', { helpful: 2 })]]).rank([itemId('question', 'a')], new Set(), 5, { popular: false });
    expect(voted.map((x) => x.text)).toEqual(['c', 'b']);
    expect(voted[0]!.reasons).toContain('helpful');
    expect(voted[0]!.score / voted[1]!.score).toBeLessThan(3.01);
  });

  it('opened items count at half the weight of asked ones', () => {
    const m = new CooccurrenceModel([[asked('a'), opened('insight one')], [asked('a'), asked('b')]]);
    const r = m.rank([itemId('question', 'a')], new Set(), 5, { popular: false });
    expect(r.map((x) => [x.text, x.reasons])).toEqual([
      ['b', ['asked_next']],
      ['insight one', ['opened']],
    ]);
  });

  it('without context, popularity fills in; cold start fills after, in its own order', () => {
    const m = new CooccurrenceModel([[asked('x')], [asked('x')], [asked('y')]]);
    const r = m.rank([], new Set(), 5);
    expect(r.map((x) => x.text)).toEqual(['x', 'y']);
    const filled = withColdStart(r, [{ id: 'i:one', kind: 'insight', text: 'one', score: 0.9 }, { id: itemId('question', 'x'), kind: 'question', text: 'x', score: 1 }, { id: 'i:two', kind: 'insight', text: 'two', score: 0.1 }], new Set(), 4);
    expect(filled.map((x) => x.text)).toEqual(['x', 'y', 'one', 'two']);
    expect(filled[2]!.reasons).toEqual(['auto_insight']);
    expect(withColdStart([], [{ id: 'i:one', kind: 'insight', text: 'one', score: 0.9 }], new Set(), 3).map((x) => x.text)).toEqual(['one']);
  });
});

// The blind evaluation's cell comparison: the same instant written two ways is one value.
import { describe, expect, it } from 'vitest';
import { compareRows, normCell } from '../../../bench/nlpEvalScore.js';

describe('blind evaluation scoring', () => {
  it('reads a timestamp the same with a T or a space, from text or a Date', () => {
    expect(normCell('2010-04-01T15:00:00')).toBe('2010-04-01 15:00:00');
    expect(normCell('2010-04-01 15:00:00')).toBe('2010-04-01 15:00:00');
    expect(normCell(new Date('2010-04-01T15:00:00Z'))).toBe('2010-04-01 15:00:00');
    expect(normCell(new Date('2010-04-01T00:00:00Z'))).toBe('2010-04-01');
    expect(compareRows([[normCell('2010-04-01 15:00:00')]], [[normCell('2010-04-01T15:00:00'), 4.7]], false).exact).toBe(true);
  });
  it('keeps different instants apart', () => {
    expect(compareRows([[normCell('2010-04-01 15:00:00')]], [[normCell('2010-04-01T16:00:00')]], false).exact).toBe(false);
  });
});

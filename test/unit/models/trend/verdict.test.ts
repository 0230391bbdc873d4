import { describe, expect, it } from 'vitest';
import { analyseTrend } from '../../../../src/models/trend/analyseTrend.js';
import { trendVerdict } from '../../../../src/models/trend/describeTrend.js';
import type { RegularSeries } from '../../../../src/models/series/regularSeries.js';

const yearly = (values: number[]): RegularSeries => ({ grain: 'year', start: '2000-01-01', values });

describe('trend verdict sentences', () => {
  it('no trend: "<subject> shows no significant trend (…)", never "is no significant trend"', () => {
    const t = analyseTrend(yearly([5, 3, 6, 4, 5, 3, 6, 4, 5, 3, 6, 4]));
    expect(t.direction).toBe('none');
    const v = trendVerdict('average value', t);
    expect(v).toMatch(/^average value shows no significant trend \(p = [\d.]+\)$/);
    expect(v).not.toMatch(/ is no /);
  });
  it.each([
    ['rising', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
    ['falling', [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]],
  ])('%s: "<subject> is %s about … a year, p …"', (dir, values) => {
    const t = analyseTrend(yearly(values));
    expect(t.direction).toBe(dir);
    expect(trendVerdict('average value', t)).toMatch(new RegExp(`^average value is ${dir} about 1 a year, p [<=] [\\d.]+$`));
  });
});

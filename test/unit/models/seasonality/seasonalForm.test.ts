import { describe, expect, it } from 'vitest';
import { detectSeasonality } from '../../../../src/models/seasonality/detectSeasonality.js';
import { seasonalForm } from '../../../../src/models/seasonality/seasonalForm.js';
import { regularize } from '../../../../src/models/series/regularSeries.js';
import { readCsv } from '../vega.js';

// R's datasets::AirPassengers (monthly, 1949-1960): the textbook multiplicative season.
const AIR = [
  112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199,
  184, 162, 146, 166, 171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235, 227,
  234, 264, 302, 293, 259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, 284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306,
  315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472, 548, 559,
  463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432,
];
const co2 = regularize(readCsv('co2-concentration.csv').map((r) => ({ t: r.Date!, v: Number(r.CO2) })), 'month');

describe('additive or multiplicative season', () => {
  it('AirPassengers: multiplicative (the swing grows with the level)', () => {
    const r = detectSeasonality({ start: '1949-01-01', grain: 'month', values: AIR });
    expect(r.period).toBe(12);
    expect(r.form?.form).toBe('multiplicative');
    expect(r.form!.elasticity!).toBeGreaterThan(0.8);
    expect(r.form!.reason).toMatch(/grows/);
  });
  it('co2: additive (the level moves too little for the swing to scale with it)', () => {
    const r = detectSeasonality(co2);
    expect(r.period).toBe(12);
    expect(r.form?.form).toBe('additive');
  });
  it('a constant swing on a level that triples: additive, elasticity near 0', () => {
    const n = 120;
    const level = Array.from({ length: n }, (_, i) => 100 + (200 * i) / n);
    const values = level.map((l, i) => l + 20 * Math.sin((2 * Math.PI * i) / 12));
    const r = seasonalForm(values, level, 12);
    expect(r.form).toBe('additive');
    expect(Math.abs(r.elasticity!)).toBeLessThan(0.1);
  });
  it('a swing proportional to a level that triples: multiplicative, elasticity near 1', () => {
    const n = 120;
    const level = Array.from({ length: n }, (_, i) => 100 + (200 * i) / n);
    const values = level.map((l, i) => l * (1 + 0.2 * Math.sin((2 * Math.PI * i) / 12)));
    const r = seasonalForm(values, level, 12);
    expect(r.form).toBe('multiplicative');
    expect(r.elasticity!).toBeGreaterThan(0.9);
  });
  it('values at or below zero, or under three cycles: additive, and says why', () => {
    expect(seasonalForm([-1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 5, 6, 7, 8, 9], 3).reason).toMatch(/below zero/);
    expect(seasonalForm([1, 2, 3, 4], [1, 2, 3, 4], 2).reason).toMatch(/too few/);
  });
});

import { describe, expect, it } from 'vitest';
import { settle } from '../../../src/realtime/core/heldPoint.js';
import { observeOne, predictOne, trainOneStep } from '../../../src/realtime/core/oneStepModel.js';
import { mulberry32 } from '../../../src/models/math/prng.js';

const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** A walk's model (it takes each value as the new level) and ordinary recent errors. */
function walkState(seed: number) {
  const r = mulberry32(seed);
  let x = 100;
  const values = Array.from({ length: 300 }, () => (x += gauss(r)));
  const model = trainOneStep(values, 1);
  const residuals = Array.from({ length: 100 }, () => gauss(r));
  return { model, residuals };
}

/**
 * Holds a point `out` scales above the forecast, then settles it with a next value whose error,
 * had the held point been taken as ordinary, is `onward` scales (on the held point's side when positive).
 */
function heldThen(seed: number, out: number, onward: number) {
  const { model, residuals } = walkState(seed);
  const expected = predictOne(model);
  const y = expected + out;
  const seg = { residuals, version: 1, pending: { y, expected, sigma: 1, threshold: 4.5, time: 0, vol: 0.8 } };
  const next = predictOne(observeOne(structuredClone(model), y)) + onward;
  return settle(seg, model, next, '', { index: 0 });
}

describe('SERIES_ANOMALY onsets: the way on is tested on its side', () => {
  it('a held step of 6 scales whose next value goes 1.8 scales further is a level starting, and alerts on the held point', () => {
    for (const seed of [1, 2, 3]) {
      const f = heldThen(seed, 6, 1.8);
      expect(f).not.toBeNull();
      expect(f!.score).toBeGreaterThan(4.5);
    }
  });

  it('stays quiet when the next value goes on by an ordinary error, or comes back part of the way', () => {
    for (const seed of [1, 2, 3]) {
      expect(heldThen(seed, 6, 1.2)).toBeNull();
      expect(heldThen(seed, 6, -1)).toBeNull();
      expect(heldThen(seed, 3.5, 1.8)).toBeNull(); // together short of the threshold: (3.5 + 1.8)/√2 = 3.7
    }
  });
});

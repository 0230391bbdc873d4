import { describe, expect, it } from 'vitest';
import { nelderMead, nelderMeadRun } from '../../../../src/models/math/nelderMead.js';

const rosenbrock = (x: Float64Array): number => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;

describe('Nelder-Mead', () => {
  it('finds the Rosenbrock minimum (1, 1)', () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 2000, relTol: 1e-14 });
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
    expect(r.value).toBeLessThan(1e-7);
  });
  it('treats Infinity as infeasible (bounded minimum of (x - 2)^2 on x <= 1 is at 1)', () => {
    const r = nelderMead((x) => (x[0]! > 1 ? Infinity : (x[0]! - 2) ** 2), [0], { maxEvaluations: 500, relTol: 1e-12 });
    expect(r.x[0]).toBeCloseTo(1, 4);
  });
  it('a run resumed in steps follows exactly the path of one run', () => {
    const one = nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 300 });
    const stepped = nelderMeadRun(rosenbrock, [-1.2, 1]);
    const partial = stepped.run(45);
    expect(partial.evaluations).toBeGreaterThanOrEqual(45);
    expect(partial.value).toBeGreaterThan(one.value);
    stepped.run(120);
    const done = stepped.run(300);
    expect(done.x).toEqual(one.x);
    expect(done.value).toBe(one.value);
    expect(done.evaluations).toBe(one.evaluations);
  });
});

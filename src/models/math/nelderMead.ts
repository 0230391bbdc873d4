/**
 * Nelder-Mead simplex minimizer (Lagarias et al. coefficients). The objective returns Infinity
 * outside the feasible region, which is how bounded ETS parameters are handled (as R's ets does).
 * The simplex lives in preallocated Float64Arrays: the objective is the only cost per step.
 */

export interface NelderMeadOptions {
  maxEvaluations?: number;
  /** Stop when the simplex's objective spread is below relTol * (|f| + tiny). */
  relTol?: number;
  /** Initial step per coordinate (default 10% of |x0|, or 0.05 when x0 is 0). */
  steps?: ArrayLike<number>;
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
}

/** A minimization that can be advanced in steps: run(k) continues the same simplex until k evaluations in all. */
export interface NelderMeadRun {
  run(maxEvaluations: number): NelderMeadResult;
  /** True once the simplex met the tolerance (further runs do nothing). */
  readonly converged: boolean;
}

/**
 * Minimizes `f` from `x0`; never throws for an infeasible start (returns value Infinity).
 * `f` must not keep the array it is given: it is a buffer reused between calls.
 */
export function nelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, opts: NelderMeadOptions = {}): NelderMeadResult {
  return nelderMeadRun(f, x0, opts).run(opts.maxEvaluations ?? 200 * x0.length);
}

/**
 * Starts a resumable minimization (the initial simplex is evaluated now). Running to k1 then to k2
 * follows exactly the path of one run to k2, so a caller can look at a cheap partial result first.
 */
export function nelderMeadRun(f: (x: Float64Array) => number, x0: ArrayLike<number>, opts: Omit<NelderMeadOptions, 'maxEvaluations'> = {}): NelderMeadRun {
  const n = x0.length;
  const relTol = opts.relTol ?? 1e-8;
  let evals = 0;
  let converged = false;
  const evalF = (x: Float64Array): number => {
    evals++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  if (n === 0) {
    const value = evalF(new Float64Array(0));
    return { run: () => ({ x: [], value, evaluations: evals }), converged: true };
  }
  const simplex: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0);
    const step = opts.steps?.[i] ?? (p[i] !== 0 ? 0.1 * Math.abs(p[i]!) : 0.05);
    p[i] = p[i]! + step;
    simplex.push(p);
  }
  const values = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) values[k] = evalF(simplex[k]!);
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const centroid = new Float64Array(n);
  // Trial points; an accepted trial swaps its buffer with the worst vertex's.
  let xr: Float64Array = new Float64Array(n);
  let xe: Float64Array = new Float64Array(n);
  let xc: Float64Array = new Float64Array(n);
  const toward = (out: Float64Array, base: Float64Array, dir: Float64Array, t: number): Float64Array => {
    for (let j = 0; j < n; j++) out[j] = base[j]! + t * (dir[j]! - base[j]!);
    return out;
  };

  const run = (maxEval: number): NelderMeadResult => {
    while (!converged && evals < maxEval) {
      order.sort((a, b) => values[a]! - values[b]!);
      const best = order[0]!;
      const worst = order[n]!;
      const second = order[n - 1]!;
      const fb = values[best]!;
      const fw = values[worst]!;
      if (Number.isFinite(fw) && Math.abs(fw - fb) <= relTol * (Math.abs(fb) + 1e-12)) {
        converged = true;
        break;
      }
      centroid.fill(0);
      for (let k = 0; k <= n; k++) {
        if (k === worst) continue;
        const row = simplex[k]!;
        for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + row[j]!;
      }
      for (let j = 0; j < n; j++) centroid[j] = centroid[j]! / n;
      const xw = simplex[worst]!;
      const fr = evalF(toward(xr, centroid, xw, -1));
      if (fr < fb) {
        const fe = evalF(toward(xe, centroid, xw, -2));
        if (fe < fr) {
          simplex[worst] = xe;
          xe = xw;
          values[worst] = fe;
        } else {
          simplex[worst] = xr;
          xr = xw;
          values[worst] = fr;
        }
        continue;
      }
      if (fr < values[second]!) {
        simplex[worst] = xr;
        xr = xw;
        values[worst] = fr;
        continue;
      }
      // Contraction: outside when the reflection improved on the worst, inside otherwise.
      const outside = fr < fw;
      const fc = evalF(toward(xc, centroid, xw, outside ? -0.5 : 0.5));
      if (fc < (outside ? fr : fw)) {
        simplex[worst] = xc;
        xc = xw;
        values[worst] = fc;
        continue;
      }
      const xb = simplex[best]!;
      for (let k = 0; k <= n; k++) {
        if (k === best) continue;
        const row = simplex[k]!;
        for (let j = 0; j < n; j++) row[j] = xb[j]! + 0.5 * (row[j]! - xb[j]!);
        values[k] = evalF(row);
      }
    }
    let bi = 0;
    for (let k = 1; k <= n; k++) if (values[k]! < values[bi]!) bi = k;
    return { x: Array.from(simplex[bi]!), value: values[bi]!, evaluations: evals };
  };
  return {
    run,
    get converged() {
      return converged;
    },
  };
}

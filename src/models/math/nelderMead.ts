/**
 * Nelder-Mead simplex minimizer (Lagarias et al. coefficients). The objective returns Infinity
 * outside the feasible region, which is how bounded ETS parameters are handled (as R's ets does).
 */

export interface NelderMeadOptions {
  maxEvaluations?: number;
  /** Stop when the simplex's objective spread is below relTol * (|f| + tiny). */
  relTol?: number;
  /** Initial step per coordinate (default 10% of |x0|, or 0.05 when x0 is 0). */
  steps?: number[];
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
}

/** Minimizes `f` from `x0`; never throws for an infeasible start (returns value Infinity). */
export function nelderMead(f: (x: number[]) => number, x0: number[], opts: NelderMeadOptions = {}): NelderMeadResult {
  const n = x0.length;
  const maxEval = opts.maxEvaluations ?? 200 * n;
  const relTol = opts.relTol ?? 1e-8;
  let evals = 0;
  const evalF = (x: number[]): number => {
    evals++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  if (n === 0) return { x: [], value: evalF([]), evaluations: evals };
  const simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    const step = opts.steps?.[i] ?? (p[i] !== 0 ? 0.1 * Math.abs(p[i]!) : 0.05);
    p[i] = p[i]! + step;
    simplex.push(p);
  }
  const values = simplex.map(evalF);
  const order = simplex.map((_, i) => i);
  const centroid = new Array<number>(n);
  const point = (base: number[], dir: number[], t: number): number[] => base.map((b, j) => b + t * (dir[j]! - b));

  while (evals < maxEval) {
    order.sort((a, b) => values[a]! - values[b]!);
    const best = order[0]!;
    const worst = order[n]!;
    const second = order[n - 1]!;
    const fb = values[best]!;
    const fw = values[worst]!;
    if (Number.isFinite(fw) && Math.abs(fw - fb) <= relTol * (Math.abs(fb) + 1e-12)) break;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k <= n; k++) if (k !== worst) s += simplex[k]![j]!;
      centroid[j] = s / n;
    }
    const xw = simplex[worst]!;
    const xr = point(centroid, xw, -1);
    const fr = evalF(xr);
    if (fr < fb) {
      const xe = point(centroid, xw, -2);
      const fe = evalF(xe);
      if (fe < fr) {
        simplex[worst] = xe;
        values[worst] = fe;
      } else {
        simplex[worst] = xr;
        values[worst] = fr;
      }
      continue;
    }
    if (fr < values[second]!) {
      simplex[worst] = xr;
      values[worst] = fr;
      continue;
    }
    // Contraction: outside when the reflection improved on the worst, inside otherwise.
    const outside = fr < fw;
    const xc = outside ? point(centroid, xw, -0.5) : point(centroid, xw, 0.5);
    const fc = evalF(xc);
    if (fc < (outside ? fr : fw)) {
      simplex[worst] = xc;
      values[worst] = fc;
      continue;
    }
    const xb = simplex[best]!;
    for (let k = 0; k <= n; k++) {
      if (k === best) continue;
      simplex[k] = point(xb, simplex[k]!, 0.5);
      values[k] = evalF(simplex[k]!);
    }
  }
  let bi = 0;
  for (let k = 1; k <= n; k++) if (values[k]! < values[bi]!) bi = k;
  return { x: simplex[bi]!.slice(), value: values[bi]!, evaluations: evals };
}

/** Whether a seasonal swing stays the same size as the level moves (additive) or grows with it (multiplicative). */
export type SeasonalForm = 'additive' | 'multiplicative';

export interface SeasonalFormResult {
  form: SeasonalForm;
  /** Slope of log(cycle amplitude) on log(cycle level): about 0 when additive, about 1 when multiplicative. */
  elasticity: number | null;
  /** Why the form was chosen, in words. */
  reason: string;
}

/**
 * The level must move by at least this factor between cycles for the form to be told apart: below
 * it the two forms give nearly the same decomposition and forecasts, and the swing's own drift
 * (a swing that grows ~15% while the level grows 26%) would decide.
 */
export const MIN_LEVEL_RATIO = 1.5;
/** Elasticity above which the swing counts as growing with the level. */
export const MULTIPLICATIVE_ELASTICITY = 0.6;

/**
 * Tells an additive season from a multiplicative one: for each whole cycle, the swing of the
 * detrended values (max - min) against the trend's mean. A swing that scales with the level
 * (log-log slope near 1) is multiplicative; a swing that stays put (slope near 0) is additive.
 * Series with values ≤ 0, fewer than 3 cycles, or a level that barely moves are called additive.
 */
export function seasonalForm(values: readonly number[], trend: readonly number[], period: number): SeasonalFormResult {
  const cycles = Math.floor(values.length / period);
  const additive = (reason: string, elasticity: number | null = null): SeasonalFormResult => ({ form: 'additive', elasticity, reason });
  if (cycles < 3) return additive('too few whole cycles to tell whether the swing grows with the level');
  if (values.some((v) => !(v > 0))) return additive('the series has values at or below zero, so the swing cannot scale with the level');
  const logA: number[] = [];
  const logL: number[] = [];
  for (let c = 0; c < cycles; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    let level = 0;
    for (let i = c * period; i < (c + 1) * period; i++) {
      const d = values[i]! - trend[i]!;
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
      level += trend[i]!;
    }
    level /= period;
    if (!(hi > lo) || !(level > 0)) continue;
    logA.push(Math.log(hi - lo));
    logL.push(Math.log(level));
  }
  if (logL.length < 3) return additive('too few whole cycles to tell whether the swing grows with the level');
  const spread = Math.max(...logL) - Math.min(...logL);
  if (spread < Math.log(MIN_LEVEL_RATIO)) return additive(`the level moves by less than ${Math.round((MIN_LEVEL_RATIO - 1) * 100)}%, too little to tell the forms apart: taken as additive`);
  const mx = logL.reduce((a, b) => a + b, 0) / logL.length;
  const my = logA.reduce((a, b) => a + b, 0) / logA.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < logL.length; i++) {
    sxy += (logL[i]! - mx) * (logA[i]! - my);
    sxx += (logL[i]! - mx) ** 2;
  }
  const elasticity = sxy / sxx;
  return elasticity >= MULTIPLICATIVE_ELASTICITY
    ? { form: 'multiplicative', elasticity, reason: 'the seasonal swing grows in proportion to the level' }
    : additive('the seasonal swing stays about the same size as the level changes', elasticity);
}

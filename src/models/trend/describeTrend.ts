import { badInput } from '../../shared/errors.js';

/** What a sentence about a trend needs: a slope per period and its p-value. */
export interface TrendFacts {
  slope: number;
  pValue: number;
}

export interface DescribeOptions {
  /** Unit of the measure, e.g. "ppm" or "°C" (omitted when empty). */
  unit?: string;
  /** Express the slope per a larger unit: label "year" and how many series periods it holds (12 for monthly). */
  per?: { label: string; periods: number };
  /** Significance threshold (default 0.05). */
  alpha?: number;
}

export type TrendDirection = 'rising' | 'falling' | 'none';

/** Rounds to two significant digits and prints without exponent for everyday magnitudes. */
export function formatAmount(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toPrecision(2);
  const digits = Math.max(0, 1 - Math.floor(Math.log10(a)));
  return Number(x.toFixed(digits)).toString();
}

/** "p < 0.001" or "p = 0.042" style. */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** Direction of a trend given its significance threshold. */
export function trendDirection(t: TrendFacts, alpha = 0.05): TrendDirection {
  if (!(t.pValue < alpha) || t.slope === 0) return 'none';
  return t.slope > 0 ? 'rising' : 'falling';
}

/** Plain-language verdict: "rising about 1.6 ppm a year, p < 0.001" or "no significant trend (p = 0.42)". */
export function describeTrend(t: TrendFacts, opts: DescribeOptions = {}): string {
  if (!Number.isFinite(t.slope) || !Number.isFinite(t.pValue)) throw badInput('cannot describe a trend whose slope or p-value is not a number');
  const alpha = opts.alpha ?? 0.05;
  const dir = trendDirection(t, alpha);
  if (dir === 'none') return `no significant trend (${formatP(t.pValue)})`;
  const per = opts.per ?? { label: 'period', periods: 1 };
  if (!(per.periods > 0)) throw badInput(`'per.periods' must be positive, got ${per.periods}`);
  const amount = formatAmount(Math.abs(t.slope) * per.periods);
  const unit = opts.unit ? ` ${opts.unit}` : '';
  return `${dir} about ${amount}${unit} a ${per.label}, ${formatP(t.pValue)}`;
}

/**
 * A whole verdict about a subject: "average level is rising about 1.6 units a year, p < 0.001", or
 * "average level shows no significant trend (p = 0.42)" (a subject "is" a direction, it "shows" no trend).
 */
export function trendVerdict(subject: string, t: { direction: TrendDirection; sentence: string }): string {
  return t.direction === 'none' ? `${subject} shows ${t.sentence}` : `${subject} is ${t.sentence}`;
}

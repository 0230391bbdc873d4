import { etsFilter, etsPointForecast } from '../../models/forecast/etsModel.js';
import { trainForecast, type ForecastState } from '../../models/fit/forecastState.js';

/** A series model with the length it was trained on (STL + ETS indexes its seasonal cycle from there). */
export type SeriesModel = ForecastState & { trainedN: number };

/**
 * A stored series model (the models' ForecastState: ETS, STL + ETS or seasonal naive) stepped one
 * observation at a time: `predict` gives the one-step-ahead mean from the state, `observe` moves
 * the state past a value with the model's own update equations (no refit). The state is the
 * ForecastState itself, kept JSON-safe so it can be stored between events.
 */
export function predictOne(m: SeriesModel): number {
  if (m.method === 'seasonal-naive') {
    const tail = m.tail ?? [];
    return tail.length ? tail[m.n % tail.length]! : NaN;
  }
  const period = m.method === 'ets' ? m.period : 1;
  const state = { level: m.level, trend: m.trend, seasonal: Float64Array.from(m.seasonal) };
  const inner = etsPointForecast(m.spec!, m.params!, state, period, m.n, 1)[0]!;
  return m.method === 'stl-ets' ? inner + stlAt(m, m.n) : inner;
}

/** Moves the state past one observed value (mutates and returns `m`). */
export function observeOne(m: SeriesModel, y: number): SeriesModel {
  if (m.method === 'seasonal-naive') {
    const tail = m.tail ?? [];
    if (tail.length) tail[m.n % tail.length] = y;
    m.n++;
    return m;
  }
  const period = m.method === 'ets' ? m.period : 1;
  const adjusted = m.method === 'stl-ets' ? y - stlAt(m, m.n) : y;
  // etsFilter indexes the seasonal ring from 0; rotate so position 0 is time n.
  const ring = m.seasonal.length ? rotate(m.seasonal, m.n % period) : [];
  const r = etsFilter([adjusted], m.spec!, m.params!, { level: m.level, trend: m.trend, seasonal: Float64Array.from(ring) }, period);
  if (!Number.isFinite(r.state.level)) return m;
  m.level = r.state.level;
  m.trend = r.state.trend;
  if (m.seasonal.length) {
    const j = m.n % period;
    m.seasonal[j] = r.state.seasonal[0]!;
  }
  m.n++;
  return m;
}

/** Shifts the level so the next one-step prediction is `target` (a level shift accepted as the new normal). */
export function reanchor(m: SeriesModel, target: number): void {
  const delta = target - predictOne(m);
  if (!Number.isFinite(delta)) return;
  if (m.method === 'seasonal-naive') {
    m.tail = (m.tail ?? []).map((v) => v + delta);
    return;
  }
  if (m.spec?.season === 'M') {
    const now = predictOne(m);
    m.level = now !== 0 ? m.level * (target / now) : m.level + delta;
  } else m.level += delta;
  m.trend = 0;
}

/** Trains the models' automatic ETS on `values` (the period as given; 1 for none). */
export function trainOneStep(values: readonly number[], period: number): SeriesModel {
  const p = period >= 2 && values.length >= 3 * period ? period : 1;
  const state = trainForecast(values, p, 1).state;
  return { ...state, trainedN: state.n };
}

function stlAt(m: SeriesModel, t: number): number {
  const s = m.stlSeasonal ?? [];
  if (!s.length) return 0;
  // stlSeasonal holds the training data's last cycle; time trainedN falls on its first value.
  return s[(((t - m.trainedN) % s.length) + s.length) % s.length]!;
}

function rotate(a: readonly number[], k: number): number[] {
  return a.map((_, i) => a[(i + k) % a.length]!);
}

import { describe, expect, it } from 'vitest';
import { detectAnomalies } from '../../../../src/models/anomalies/detectAnomalies.js';

/** Seeded standard normal draws (Box-Muller over a Park-Miller generator). */
function gaussian(seed: number): () => number {
  let s = seed;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

describe('robust z anomalies: false positives and planted spikes', () => {
  it('flags under 2% of ordinary points of a noisy seasonal series with a trend, and every planted spike', () => {
    let ordinaryFlagged = 0;
    let ordinary = 0;
    let spikesFound = 0;
    let spikes = 0;
    for (let rep = 0; rep < 20; rep++) {
      const g = gaussian(1000 + rep);
      const planted = new Set([17 + rep, 60, 95 - rep]);
      const values = Array.from({ length: 120 }, (_, m) => 50 + 0.3 * m + 8 * Math.sin((2 * Math.PI * m) / 12) + g() + (planted.has(m) ? 9 : 0));
      const found = new Set(detectAnomalies({ start: '2000-01-01', grain: 'month', values }, { period: 12 }).anomalies.map((a) => a.index));
      for (let i = 0; i < 120; i++) {
        if (planted.has(i)) {
          spikes++;
          if (found.has(i)) spikesFound++;
        } else {
          ordinary++;
          if (found.has(i)) ordinaryFlagged++;
        }
      }
    }
    expect(ordinaryFlagged / ordinary).toBeLessThan(0.02);
    expect(spikesFound).toBe(spikes);
  });

  it('a single big spike does not drag its season along (the other Junes stay unflagged)', () => {
    const noise = (i: number) => ((i * 7919) % 13) / 13 - 0.5;
    const values = Array.from({ length: 120 }, (_, m) => 50 + 8 * Math.sin((2 * Math.PI * m) / 12) + noise(m) + (m === 77 ? 25 : 0));
    const r = detectAnomalies({ start: '2000-01-01', grain: 'month', values }, { period: 12 });
    expect(r.anomalies.map((a) => a.index)).toEqual([77]);
  });
});

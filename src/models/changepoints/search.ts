import type { SegmentCost } from './segmentCost.js';

/**
 * Optimal partitioning with pruning (PELT, Killick et al. 2012) and binary segmentation. Both
 * minimise sum(segment cost) + penalty * (number of changes); `extra(len)` adds a per-segment
 * term (MBIC's log of the segment length). Results are the segment ends (exclusive), last = n.
 */

/** PELT: exact optimum of the penalised cost, O(n) when changes are frequent, O(n^2) at worst. */
export function pelt(cost: SegmentCost, n: number, penalty: number, minSeg: number, extra: (len: number) => number = () => 0): number[] {
  const F = new Float64Array(n + 1).fill(Infinity);
  const last = new Int32Array(n + 1).fill(-1);
  F[0] = -penalty;
  let candidates: number[] = [0];
  for (let t = minSeg; t <= n; t++) {
    let best = Infinity;
    let arg = -1;
    const values = new Map<number, number>();
    for (const s of candidates) {
      if (t - s < minSeg || !Number.isFinite(F[s]!)) continue;
      const v = F[s]! + cost.cost(s, t) + extra(t - s) + penalty;
      values.set(s, v);
      if (v < best) {
        best = v;
        arg = s;
      }
    }
    F[t] = best;
    last[t] = arg;
    // Prune the starts that can never win again; keep those still too close to t to be judged.
    candidates = candidates.filter((s) => {
      const v = values.get(s);
      return v === undefined || v - penalty <= best;
    });
    if (t - minSeg + 1 >= 0) candidates.push(t - minSeg + 1);
  }
  const ends: number[] = [];
  for (let t = n; t > 0 && last[t]! >= 0; t = last[t]!) ends.push(t);
  return ends.reverse();
}

/** Binary segmentation: split where the cost drops most while the drop exceeds the penalty. */
export function binarySegmentation(cost: SegmentCost, n: number, penalty: number, minSeg: number, maxChanges: number, extra: (len: number) => number = () => 0): number[] {
  const cuts: number[] = [];
  const queue: [number, number][] = [[0, n]];
  while (queue.length > 0 && cuts.length < maxChanges) {
    let bestGain = 0;
    let bestCut = -1;
    let bestSeg = -1;
    for (let q = 0; q < queue.length; q++) {
      const [s, t] = queue[q]!;
      const whole = cost.cost(s, t) + extra(t - s);
      for (let c = s + minSeg; c <= t - minSeg; c++) {
        const gain = whole - (cost.cost(s, c) + extra(c - s) + cost.cost(c, t) + extra(t - c));
        if (gain > bestGain) {
          bestGain = gain;
          bestCut = c;
          bestSeg = q;
        }
      }
    }
    if (bestSeg < 0 || bestGain <= penalty) break;
    const [s, t] = queue.splice(bestSeg, 1)[0]!;
    cuts.push(bestCut);
    queue.push([s, bestCut], [bestCut, t]);
  }
  return [...cuts.sort((a, b) => a - b), n];
}

/** Pearson's r over (x, y, weight) triples, skipping incomplete ones; null under 3 points or no variance. */
export function weightedPearson(points: readonly (readonly [number | null, number | null, number | null])[]): { r: number; n: number } | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (const [x, y, w] of points) {
    if (x === null || y === null || !w) continue;
    n += w;
    sx += w * x;
    sy += w * y;
  }
  if (n < 3) return null;
  const mx = sx / n;
  const my = sy / n;
  let cxy = 0;
  let cxx = 0;
  let cyy = 0;
  for (const [x, y, w] of points) {
    if (x === null || y === null || !w) continue;
    cxy += w * (x - mx) * (y - my);
    cxx += w * (x - mx) ** 2;
    cyy += w * (y - my) ** 2;
  }
  if (cxx === 0 || cyy === 0) return null;
  return { r: cxy / Math.sqrt(cxx * cyy), n };
}

/** Disjoint sets over 0..n-1 with path halving and union by size; the grouping step of clustering and dedupe. */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  /** Representative of i's set. */
  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) {
      p[i] = p[p[i]!]!;
      i = p[i]!;
    }
    return i;
  }

  /** Merges the sets of a and b; false when they were already one set. */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
    return true;
  }

  /** True when a and b are in one set. */
  same(a: number, b: number): boolean {
    return this.find(a) === this.find(b);
  }

  /** Sets with at least `minSize` members, each sorted ascending, ordered by their smallest member. */
  groups(minSize = 2): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < this.parent.length; i++) {
      if (this.size[this.find(i)]! < minSize) continue;
      const r = this.find(i);
      let g = byRoot.get(r);
      if (!g) byRoot.set(r, (g = []));
      g.push(i);
    }
    return [...byRoot.values()].sort((x, y) => x[0]! - y[0]!);
  }
}

/**
 * Union-find that refuses a union when any member of one set is incompatible with any member of
 * the other. Plain single-linkage chains look-alikes ("Rocky II" ~ "Rocky IIl" ~ "Rocky III");
 * checking the guards across the whole sets stops the chain at the first distinct real value.
 */
export class GuardedUnionFind extends UnionFind {
  private readonly members = new Map<number, number[]>();

  constructor(
    n: number,
    private readonly compatible: (a: number, b: number) => boolean,
  ) {
    super(n);
  }

  private membersOf(root: number): number[] {
    return this.members.get(root) ?? [root];
  }

  /** Merges the sets of a and b when every cross pair is compatible; false otherwise or when already one set. */
  tryUnion(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    const ma = this.membersOf(ra);
    const mb = this.membersOf(rb);
    for (const x of ma) for (const y of mb) if (!this.compatible(x, y)) return false;
    this.union(ra, rb);
    const root = this.find(ra);
    this.members.delete(ra);
    this.members.delete(rb);
    this.members.set(root, ma.concat(mb));
    return true;
  }
}

import type { ItemKind } from './itemId.js';

/** One thing that happened in a conversation, in order: a question asked, or an item opened. */
export interface Step {
  id: string;
  kind: ItemKind;
  text: string;
  how: 'asked' | 'opened';
  /** For an asked question: its answer answered it (not a clarification). */
  answered: boolean;
  /** Helpful votes minus unhelpful ones on its answer. */
  helpful: number;
}

/** A conversation's steps in the order they happened. */
export type Session = readonly Step[];

export type Reason = 'asked_next' | 'opened' | 'helpful' | 'popular' | 'auto_insight';

export interface Recommendation {
  id: string;
  kind: ItemKind;
  text: string;
  score: number;
  reasons: Reason[];
}

/** Later steps within this many count as "next" (the next one fully, then 1/2, 1/3). */
const NEXT_WINDOW = 3;
/** An opened item counts this much of an asked one (opening is a weaker signal than asking). */
const OPENED_WEIGHT = 0.5;
/** The conversation's last steps that drive the ranking, the last weighing most (halving back). */
const CONTEXT_STEPS = 3;
/** Popularity only breaks ties and fills in: far below one co-occurrence. */
const POPULAR_WEIGHT = 0.02;

interface Stats {
  text: string;
  kind: ItemKind;
  /** Sessions it occurs in (the normalizer of the similarity). */
  sessions: number;
  /** Times it was asked with an answer, and with a clarification. */
  answered: number;
  clarified: number;
  opened: number;
  helpful: number;
}

/**
 * Item-to-item co-occurrence over stored conversations: for each pair (a, b) where b came after a
 * in one conversation (asked, or opened), a weight that falls with the distance; similarity is
 * that weight over √(sessions(a) · sessions(b)) (cosine over sessions, so a question everyone asks
 * does not follow everything). Ranking for a conversation sums the similarities from its last
 * steps, scales by what users said of the answers (helpful votes), and leaves out what the
 * conversation already did and questions that only ever got a clarification.
 */
export class CooccurrenceModel {
  private readonly next = new Map<string, Map<string, { w: number; asked: number; opened: number }>>();
  private readonly stats = new Map<string, Stats>();

  constructor(sessions: readonly Session[]) {
    for (const s of sessions) this.add(s);
  }

  get size(): number {
    return this.stats.size;
  }

  private add(s: Session): void {
    const seen = new Set<string>();
    for (const step of s) {
      const st = this.stats.get(step.id) ?? { text: step.text, kind: step.kind, sessions: 0, answered: 0, clarified: 0, opened: 0, helpful: 0 };
      // Sessions are read newest first, so the first text met is the latest wording.
      if (!seen.has(step.id)) st.sessions++;
      seen.add(step.id);
      if (step.how === 'opened') st.opened++;
      else if (step.answered) st.answered++;
      else st.clarified++;
      st.helpful += step.helpful;
      this.stats.set(step.id, st);
    }
    for (let i = 0; i < s.length; i++) {
      const a = s[i]!;
      for (let j = i + 1; j < s.length && j <= i + NEXT_WINDOW; j++) {
        const b = s[j]!;
        if (b.id === a.id) continue;
        const w = (b.how === 'opened' ? OPENED_WEIGHT : 1) / (j - i);
        const row = this.next.get(a.id) ?? new Map();
        const e = row.get(b.id) ?? { w: 0, asked: 0, opened: 0 };
        e.w += w;
        if (b.how === 'opened') e.opened++;
        else e.asked++;
        row.set(b.id, e);
        this.next.set(a.id, row);
      }
    }
  }

  /** Whether an item may be offered: a question some answer answered, or anything opened. */
  private offerable(st: Stats): boolean {
    return st.opened > 0 || st.answered > 0;
  }

  private helpfulness(st: Stats): number {
    // In [0.5, 1.5]: votes move the score, never flip a strong co-occurrence on their own.
    return 1 + 0.5 * Math.tanh(st.helpful / 2);
  }

  /**
   * The `limit` best next items after `context` (the conversation's steps, oldest first),
   * excluding `exclude`. With `popular`, items that follow nothing in the context still rank by
   * how often they were asked, opened and found helpful (far below any co-occurrence).
   */
  rank(context: readonly string[], exclude: ReadonlySet<string>, limit: number, opts: { popular: boolean } = { popular: true }): Recommendation[] {
    const scores = new Map<string, { score: number; reasons: Set<Reason> }>();
    const recent = context.slice(-CONTEXT_STEPS).reverse();
    recent.forEach((a, k) => {
      const sa = this.stats.get(a);
      const row = this.next.get(a);
      if (!sa || !row) return;
      for (const [b, e] of row) {
        const sb = this.stats.get(b);
        if (!sb || exclude.has(b) || !this.offerable(sb)) continue;
        const sim = e.w / Math.sqrt(sa.sessions * sb.sessions);
        const cur = scores.get(b) ?? { score: 0, reasons: new Set<Reason>() };
        cur.score += sim * 0.5 ** k;
        if (e.asked) cur.reasons.add('asked_next');
        if (e.opened) cur.reasons.add('opened');
        scores.set(b, cur);
      }
    });
    if (opts.popular) {
      for (const [id, st] of this.stats) {
        if (exclude.has(id) || !this.offerable(st)) continue;
        const cur = scores.get(id) ?? { score: 0, reasons: new Set<Reason>() };
        cur.score += POPULAR_WEIGHT * Math.log1p(st.sessions + st.opened);
        if (!cur.reasons.size) cur.reasons.add(st.opened > 0 ? 'opened' : 'popular');
        scores.set(id, cur);
      }
    }
    const out: Recommendation[] = [];
    for (const [id, s] of scores) {
      const st = this.stats.get(id)!;
      if (st.helpful > 0) s.reasons.add('helpful');
      out.push({ id, kind: st.kind, text: st.text, score: s.score * this.helpfulness(st), reasons: [...s.reasons] });
    }
    return out.sort((x, y) => y.score - x.score || x.id.localeCompare(y.id)).slice(0, limit);
  }
}

/**
 * Fills a ranking up to `limit` with cold-start items (auto insights, most notable first) that it
 * does not already hold; they rank below every learned item, keeping their own order.
 */
export function withColdStart(ranked: readonly Recommendation[], cold: readonly { id: string; kind: ItemKind; text: string; score: number }[], exclude: ReadonlySet<string>, limit: number): Recommendation[] {
  const out = [...ranked];
  const have = new Set(out.map((r) => r.id));
  const floor = out.length ? Math.min(...out.map((r) => r.score)) : 1;
  for (const c of cold) {
    if (out.length >= limit) break;
    if (have.has(c.id) || exclude.has(c.id)) continue;
    have.add(c.id);
    out.push({ id: c.id, kind: c.kind, text: c.text, score: floor * 0.5 * Math.max(0, Math.min(1, c.score)), reasons: ['auto_insight'] });
  }
  return out;
}

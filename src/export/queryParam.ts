/**
 * An InsightQuery from a URL accepts the enum spellings of the GraphQL API (SUM, MONTH, EQ…), as an
 * answer's `interpretation.query` shows them, as well as the core's lower-case ones: enum-valued
 * fields are lower-cased before validation. Anything else is left for the validator to judge.
 */
const low = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function filter(f: unknown): unknown {
  if (!f || typeof f !== 'object' || Array.isArray(f)) return f;
  const o = { ...(f as Record<string, unknown>) };
  if (Array.isArray(o.and)) o.and = o.and.map(filter);
  if (Array.isArray(o.or)) o.or = o.or.map(filter);
  if (o.not) o.not = filter(o.not);
  if ('op' in o) o.op = low(o.op);
  return o;
}

const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : null);

export function normalizeQueryEnums(q: Record<string, unknown>): Record<string, unknown> {
  const out = { ...q };
  if (Array.isArray(out.measures)) out.measures = out.measures.map((m) => (obj(m) ? { ...obj(m)!, agg: low(obj(m)!.agg) } : m));
  const time = obj(out.time);
  if (time) {
    if ('grain' in time) time.grain = low(time.grain);
    const range = obj(time.range);
    if (range) {
      if ('anchor' in range) range.anchor = low(range.anchor);
      const last = obj(range.last);
      if (last) range.last = { ...last, unit: low(last.unit) };
      time.range = range;
    }
    out.time = time;
  }
  if (out.filter) out.filter = filter(out.filter);
  if (Array.isArray(out.orderBy)) out.orderBy = out.orderBy.map((o) => (obj(o) && 'direction' in obj(o)! ? { ...obj(o)!, direction: low(obj(o)!.direction) } : o));
  if (Array.isArray(out.having)) out.having = out.having.map((h) => (obj(h) && 'op' in obj(h)! ? { ...obj(h)!, op: low(obj(h)!.op) } : h));
  const compare = obj(out.compare);
  if (compare) out.compare = { ...compare, to: low(compare.to) };
  return out;
}

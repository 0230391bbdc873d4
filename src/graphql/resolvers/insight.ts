import type { Context } from '../context.js';

export const insightResolvers = {
  Query: {
    insight: async (_: unknown, a: { query: unknown }, ctx: Context) => {
      const r = await ctx.services.insights.run(stripNulls(a.query));
      return {
        columns: r.columns,
        rows: r.rows,
        totalRows: r.totalRows,
        truncated: r.truncated,
        sql: r.sql,
        params: r.params,
        description: r.description,
        timingMs: r.timingMs,
      };
    },
  },
};

/** GraphQL passes explicit nulls for omitted optional inputs in variables; the core wants them absent. */
export function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = stripNulls(x);
    return out;
  }
  return v;
}

import { currentPrincipal } from '../../auth/requestScope.js';
import { localPrincipal, type Principal } from '../../auth/principal.js';
import type { AlertRecord } from '../../realtime/alertStore.js';
import type { DetectorInputShape } from '../../realtime/core/validateDetector.js';
import type { DetectorRecord } from '../../realtime/detectorStore.js';
import type { Context } from '../context.js';

/** The request's principal: the context's (once auth sets it), the request scope's, or local mode's. */
function principal(ctx: Context): Principal {
  return (ctx as Context & { principal?: Principal }).principal ?? currentPrincipal() ?? localPrincipal(ctx.clientKey);
}

const lower = (v: string | null | undefined) => (v ? v.toLowerCase() : null);

/** Real time: event intake, detectors, alerts (query and subscription), feedback, model versions. */
export const realtimeResolvers = {
  enums: {
    DetectorGrain: { SECOND: 'second', MINUTE: 'minute', HOUR: 'hour', DAY: 'day', WEEK: 'week', MONTH: 'month' },
    DetectorStatus: { ACTIVE: 'active', PAUSED: 'paused' },
  },
  Query: {
    detectors: (_: unknown, a: { dataset?: string | null }, ctx: Context) => ctx.services.realtime.listDetectors(principal(ctx), a.dataset ?? null),
    alerts: (_: unknown, a: { dataset?: string | null; from?: Date | null; to?: Date | null; minSeverity?: number | null; limit?: number | null }, ctx: Context) =>
      ctx.services.realtime.listAlerts(principal(ctx), {
        dataset: a.dataset ?? null,
        from: a.from ? new Date(a.from).toISOString() : null,
        to: a.to ? new Date(a.to).toISOString() : null,
        minSeverity: a.minSeverity ?? null,
        limit: a.limit ?? null,
      }),
    modelVersions: (_: unknown, a: { modelId: string }, ctx: Context) => ctx.services.realtime.modelVersions(principal(ctx), a.modelId),
  },
  Mutation: {
    appendRows: (_: unknown, a: { dataset: string; rows: unknown[] }, ctx: Context) => ctx.services.realtime.appendRows(principal(ctx), a.dataset, a.rows),
    createDetector: (_: unknown, a: { input: DetectorInputShape & { dataset: string; grain?: string | null } }, ctx: Context) =>
      ctx.services.realtime.createDetector(principal(ctx), { ...a.input, grain: lower(a.input.grain) }),
    pauseDetector: (_: unknown, a: { id: string }, ctx: Context) => ctx.services.realtime.setDetectorStatus(principal(ctx), a.id, 'paused'),
    resumeDetector: (_: unknown, a: { id: string }, ctx: Context) => ctx.services.realtime.setDetectorStatus(principal(ctx), a.id, 'active'),
    deleteDetector: (_: unknown, a: { id: string }, ctx: Context) => ctx.services.realtime.deleteDetector(principal(ctx), a.id),
    alertFeedback: async (_: unknown, a: { alertId: string; verdict: 'TRUE_POSITIVE' | 'FALSE_POSITIVE'; note?: string | null }, ctx: Context) => {
      const r = await ctx.services.realtime.feedback(principal(ctx), a.alertId, a.verdict, a.note ?? null);
      return { alert: r.alert, thresholdBefore: r.before, thresholdAfter: r.after };
    },
  },
  Subscription: {
    alerts: {
      subscribe: (_: unknown, a: { dataset?: string | null; minSeverity?: number | null; after?: string | null }, ctx: Context) =>
        ctx.services.realtime.subscribeAlerts(principal(ctx), { dataset: a.dataset ?? null, minSeverity: a.minSeverity ?? null, after: a.after ?? null }, ctx.connection),
      resolve: (alert: AlertRecord) => alert,
    },
  },
  Detector: {
    thresholdHistory: (d: DetectorRecord, _: unknown, ctx: Context) => ctx.services.realtime.thresholdHistory(d.tenantId, d.id),
  },
  /** Merges these resolvers into the index's (one line there). */
  attach(into: { Query: object; Mutation: object; Subscription: object }): void {
    Object.assign(into.Query, this.Query);
    Object.assign(into.Mutation, this.Mutation);
    Object.assign(into.Subscription, this.Subscription);
    Object.assign(into, this.enums, { Detector: this.Detector });
  },
};

/**
 * The postMessage protocol between a host page and the embedded widget. Every message is an
 * object with a `type` starting with `insightql:`; the widget answers only to origins it allows,
 * and posts only to the origin it was embedded by.
 */
export type HostMessage =
  | { type: 'insightql:setDataset'; dataset: string }
  | { type: 'insightql:ask'; question: string; requestId?: string }
  | { type: 'insightql:setTheme'; theme: 'light' | 'dark' };

export type WidgetMessage =
  | { type: 'insightql:ready'; dataset: string | null; datasets: string[] }
  | { type: 'insightql:dataset'; dataset: string | null }
  | { type: 'insightql:answer'; requestId?: string; question: string; answer: unknown }
  | { type: 'insightql:error'; requestId?: string; question?: string; code: string; message: string };

/** Parses a message from a host page; null for anything that is not one of ours. */
export function parseHostMessage(data: unknown): HostMessage | { type: 'invalid'; reason: string } | null {
  if (!data || typeof data !== 'object') return null;
  const m = data as Record<string, unknown>;
  if (typeof m.type !== 'string' || !m.type.startsWith('insightql:')) return null;
  const requestId = typeof m.requestId === 'string' ? m.requestId.slice(0, 100) : undefined;
  switch (m.type) {
    case 'insightql:setDataset':
      return typeof m.dataset === 'string' && m.dataset ? { type: m.type, dataset: m.dataset.slice(0, 200) } : { type: 'invalid', reason: 'setDataset needs a dataset name' };
    case 'insightql:ask':
      return typeof m.question === 'string' && m.question.trim() ? { type: m.type, question: m.question, ...(requestId ? { requestId } : {}) } : { type: 'invalid', reason: 'ask needs a question' };
    case 'insightql:setTheme':
      return m.theme === 'light' || m.theme === 'dark' ? { type: m.type, theme: m.theme } : { type: 'invalid', reason: 'setTheme takes light or dark' };
    default:
      return { type: 'invalid', reason: `unknown message type ${m.type.slice(0, 60)}` };
  }
}

/** Reads the (unverified) claims of a JWT for display only: the server verifies every request. */
export function tokenClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The origins allowed to drive the widget: those the token names, else the page that embeds it
 * (the first ancestor origin, or the referrer's origin where browsers do not tell ancestors).
 */
export function allowedOrigins(claims: Record<string, unknown> | null, ancestors: readonly string[], referrer: string): string[] {
  const named = Array.isArray(claims?.origins) ? (claims!.origins as unknown[]).filter((o): o is string => typeof o === 'string') : [];
  if (named.length) return named;
  if (ancestors[0]) return [ancestors[0]];
  try {
    return referrer ? [new URL(referrer).origin] : [];
  } catch {
    return [];
  }
}

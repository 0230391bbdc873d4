/** Bytes one event may take (a bigger one is rejected, the others in its request still count). */
export const MAX_EVENT_BYTES = 1 << 20;

/** An event as parsed, or why its line could not be. */
export type ParsedEvent = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Splits a request body into events: a JSON array, or NDJSON (one JSON value per line). A line
 * that does not parse — the last one of a stream cut mid-line, say — is rejected on its own, so
 * the complete events before it still count. A body that starts as an array must parse whole.
 */
export function parseEventBody(body: string): ParsedEvent[] | { error: string } {
  const text = body.trim();
  if (!text) return [];
  if (text.startsWith('[')) {
    let all: unknown;
    try {
      all = JSON.parse(text);
    } catch (e) {
      return { error: `the body starts a JSON array but is not valid JSON (${(e as Error).message}); send a whole array or NDJSON, one event per line` };
    }
    if (!Array.isArray(all)) return { error: 'the body is not a JSON array' };
    return all.map((value) => ({ ok: true as const, value }));
  }
  return text.split(/\r?\n/).flatMap((line, i): ParsedEvent[] => {
    if (!line.trim()) return [];
    if (line.length > MAX_EVENT_BYTES) return [{ ok: false, reason: `line ${i + 1}: the event is larger than ${MAX_EVENT_BYTES.toLocaleString('en-US')} bytes` }];
    try {
      return [{ ok: true, value: JSON.parse(line) }];
    } catch {
      return [{ ok: false, reason: `line ${i + 1} is not valid JSON (a stream cut mid-line?)` }];
    }
  });
}

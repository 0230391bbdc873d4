import { MAX_IDS_PER_MESSAGE, MAX_PAYLOAD_BYTES, type BusMessage } from '../events/busMessage.js';
import type { AlertRecord } from './alertStore.js';

type AlertsMessage = Extract<BusMessage, { t: 'alerts' }>;

/**
 * The bus messages that announce new alerts, in id order: as many whole rows per message as fit
 * in a NOTIFY payload, so subscribers' processes push them without reading them back; an alert
 * too large for any payload (a long text value) goes as its id alone, and is read by id.
 */
export function alertAnnouncements(alerts: readonly AlertRecord[], maxBytes = MAX_PAYLOAD_BYTES): AlertsMessage[] {
  const out: AlertsMessage[] = [];
  let rows: AlertRecord[] = [];
  let bytes = 0;
  let ids: string[] = [];
  const envelope = Buffer.byteLength(JSON.stringify({ t: 'alerts', ids: [], rows: [] }));
  const flushRows = () => {
    if (rows.length) out.push({ t: 'alerts', ids: rows.map((r) => r.id), rows });
    rows = [];
    bytes = 0;
  };
  const flushIds = () => {
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_MESSAGE) out.push({ t: 'alerts', ids: ids.slice(i, i + MAX_IDS_PER_MESSAGE) });
    ids = [];
  };
  for (const a of alerts) {
    // Each row also costs its id in `ids` and two separators.
    const size = Buffer.byteLength(JSON.stringify(a)) + a.id.length + 4;
    if (envelope + size > maxBytes) {
      flushRows();
      ids.push(a.id);
      continue;
    }
    flushIds();
    if (envelope + bytes + size > maxBytes) flushRows();
    rows.push(a);
    bytes += size;
  }
  flushRows();
  flushIds();
  return out;
}

import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../../../src/events/busMessage.js';
import { alertAnnouncements } from '../../../src/realtime/alertAnnouncements.js';
import type { AlertRecord } from '../../../src/realtime/alertStore.js';

const alert = (id: number, value: unknown = 12.5): AlertRecord => ({
  id: String(id),
  tenant: 'acme',
  dataset: 'tx',
  detectorId: '6f1c2f8e-0000-4000-8000-000000000000',
  eventTime: '2026-01-01T00:00:00.000Z',
  segment: 'card-1',
  value,
  expected: 3,
  lower: 1,
  upper: 5,
  score: 7.2,
  threshold: 3,
  severity: 0.9,
  modelVersion: 1,
  createdAt: '2026-01-01T00:00:00.100Z',
});

describe('alert announcements on the bus', () => {
  it('carry whole rows, as many per message as fit under the NOTIFY limit, in id order', () => {
    const alerts = Array.from({ length: 100 }, (_, i) => alert(i + 1));
    const msgs = alertAnnouncements(alerts);
    expect(msgs.length).toBeGreaterThan(1);
    for (const m of msgs) {
      expect(Buffer.byteLength(JSON.stringify(m))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
      expect(m.rows!.map((r) => r.id)).toEqual(m.ids);
    }
    expect(msgs.flatMap((m) => m.ids)).toEqual(alerts.map((a) => a.id));
  });

  it('send an alert too large for any payload by id alone, keeping the order around it', () => {
    const msgs = alertAnnouncements([alert(1), alert(2, 'x'.repeat(20_000)), alert(3), alert(4, 'y'.repeat(9_000))]);
    expect(msgs.map((m) => [m.ids, m.rows ? 'rows' : 'ids'])).toEqual([
      [['1'], 'rows'],
      [['2'], 'ids'],
      [['3'], 'rows'],
      [['4'], 'ids'],
    ]);
    for (const m of msgs) expect(Buffer.byteLength(JSON.stringify(m))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });

  it('send nothing for no alerts', () => {
    expect(alertAnnouncements([])).toEqual([]);
  });
});

import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isSameOrigin, isSimpleCrossSiteUpload, originAllowed } from '../../../src/auth/browserSafety.js';
import { verifyWsOrigin } from '../../../src/auth/wsAuth.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('same-origin pages need no allow-list entry', () => {
  it('matches the Origin against the Host the request was sent to', () => {
    expect(isSameOrigin('http://localhost:4000', 'localhost:4000')).toBe(true);
    expect(isSameOrigin('http://LOCALHOST:4000', 'localhost:4000')).toBe(true);
    expect(isSameOrigin('https://bi.example', 'bi.example:443')).toBe(true);
    expect(isSameOrigin('http://bi.example', 'bi.example')).toBe(true);
    expect(isSameOrigin('http://localhost:4001', 'localhost:4000')).toBe(false);
    expect(isSameOrigin('http://evil.example', 'localhost:4000')).toBe(false);
    expect(isSameOrigin('http://localhost:4000.evil.example', 'localhost:4000')).toBe(false);
    expect(isSameOrigin('null', 'localhost:4000')).toBe(false);
    expect(isSameOrigin('file://', 'localhost:4000')).toBe(false);
    expect(isSameOrigin('not a url', 'localhost:4000')).toBe(false);
    expect(isSameOrigin('http://localhost:4000', undefined)).toBe(false);
  });

  it('WebSocket upgrades: own origin and listed origins pass, other sites are refused, programs pass', () => {
    const verify = verifyWsOrigin([]);
    const up = (origin: string | undefined) => verify({ req: req({ host: '127.0.0.1:4000', ...(origin ? { origin } : {}) }) });
    expect(up('http://127.0.0.1:4000')).toBe(true);
    expect(up('https://evil.example')).toBe(false);
    expect(up(undefined)).toBe(true);
    expect(verifyWsOrigin(['https://app.example'])({ req: req({ host: '127.0.0.1:4000', origin: 'https://app.example' }) })).toBe(true);
    expect(originAllowed('https://evil.example', ['https://app.example'], { host: '127.0.0.1:4000' })).toBe(false);
  });

  it('uploads: a same-origin form post is allowed with an empty allow-list, a cross-site one is not', () => {
    const form = (h: Record<string, string>) => isSimpleCrossSiteUpload(req({ host: 'localhost:4000', 'content-type': 'multipart/form-data; boundary=x', ...h }), []);
    expect(form({ origin: 'http://localhost:4000' })).toBe(false);
    expect(form({ 'sec-fetch-site': 'same-origin' })).toBe(false);
    expect(form({ origin: 'http://evil.example' })).toBe(true);
    expect(form({ 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(form({})).toBe(false);
    expect(form({ origin: 'http://evil.example', authorization: 'Bearer x' })).toBe(false);
  });
});

describe('row filters reach alerts', async () => {
  const { alertWithinFilters } = await import('../../../src/auth/alertScope.js');
  const east = [{ column: 'region', value: 'EAST' }];
  it('shows an alert only when its segment pins every filter', () => {
    expect(alertWithinFilters([], { kind: 'SERIES_ANOMALY', segmentBy: null, keyColumn: null }, '')).toBe(true);
    expect(alertWithinFilters(east, { kind: 'SERIES_ANOMALY', segmentBy: null, keyColumn: null }, '')).toBe(false);
    expect(alertWithinFilters(east, { kind: 'SERIES_ANOMALY', segmentBy: 'region', keyColumn: null }, 'EAST')).toBe(true);
    expect(alertWithinFilters(east, { kind: 'SERIES_ANOMALY', segmentBy: 'region', keyColumn: null }, 'WEST')).toBe(false);
    expect(alertWithinFilters(east, { kind: 'ROW_ZSCORE', segmentBy: 'product', keyColumn: null }, 'EAST')).toBe(false);
    expect(alertWithinFilters(east, { kind: 'FIRST_SEEN', segmentBy: null, keyColumn: 'region' }, 'EAST')).toBe(true);
    expect(alertWithinFilters(east, { kind: 'FIRST_SEEN', segmentBy: 'region', keyColumn: 'card' }, 'EAST/c1')).toBe(true);
    expect(alertWithinFilters(east, { kind: 'FIRST_SEEN', segmentBy: 'region', keyColumn: 'card' }, 'EAST/c/1')).toBe(false);
    expect(alertWithinFilters([...east, { column: 'product', value: 'p' }], { kind: 'SERIES_ANOMALY', segmentBy: 'region', keyColumn: null }, 'EAST')).toBe(false);
    // A key column is not a segment for series detectors.
    expect(alertWithinFilters(east, { kind: 'SERIES_ANOMALY', segmentBy: null, keyColumn: 'region' }, '')).toBe(false);
  });
});

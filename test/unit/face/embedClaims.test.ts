import { describe, expect, it } from 'vitest';
import { localPrincipal, type Principal } from '../../../src/auth/principal.js';
import { claimsFor, fromPayload, looksLikeJwt, principalOf, toPayload } from '../../../src/embed/embedClaims.js';
import { isAppError } from '../../../src/shared/errors.js';

const now = new Date('2026-01-01T00:00:00.500Z');
const analyst: Principal = { kind: 'key', tenantId: 't1', role: 'analyst', keyId: 'k1', rowFilters: [{ column: 'region', value: 'EU' }], datasets: ['sales', 'stock'], clientKey: null };

function fieldOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return e.details?.field;
    throw e;
  }
  throw new Error('did not throw');
}

describe('embed token claims', () => {
  it('keep the issuing key’s row filters and add the requested ones, once each', () => {
    const c = claimsFor(analyst, { datasets: ['sales', 'sales'], rowFilters: [{ column: 'shop', value: '7' }, { column: 'region', value: 'EU' }], ttlSeconds: 60 }, now, 'id1');
    expect(c.datasets).toEqual(['sales']);
    expect(c.rowFilters).toEqual([{ column: 'region', value: 'EU' }, { column: 'shop', value: '7' }]);
    expect(c.tenantId).toBe('t1');
    expect(c.keyId).toBe('k1');
    expect(c.expiresAt.getTime() - c.issuedAt.getTime()).toBe(60_000);
  });

  it('refuse datasets outside the key’s scope, bad lifetimes, filters and origins, naming the field', () => {
    expect(fieldOf(() => claimsFor(analyst, { datasets: ['other'] }, now, 'x'))).toBe('datasets');
    expect(fieldOf(() => claimsFor(analyst, { datasets: [] }, now, 'x'))).toBe('datasets');
    expect(fieldOf(() => claimsFor(analyst, { datasets: ['sales'], ttlSeconds: 5 }, now, 'x'))).toBe('ttlSeconds');
    expect(fieldOf(() => claimsFor(analyst, { datasets: ['sales'], ttlSeconds: 86_401 }, now, 'x'))).toBe('ttlSeconds');
    expect(fieldOf(() => claimsFor(analyst, { datasets: ['sales'], ttlSeconds: 1.5 }, now, 'x'))).toBe('ttlSeconds');
    expect(fieldOf(() => claimsFor(analyst, { datasets: ['sales'], rowFilters: [{ column: ' ', value: 'a' }] }, now, 'x'))).toBe('rowFilters[0].column');
    expect(fieldOf(() => claimsFor(analyst, { datasets: ['sales'], origins: ['https://ok.example', 'https://bad.example/path'] }, now, 'x'))).toBe('origins[1]');
    expect(fieldOf(() => claimsFor(analyst, { datasets: ['sales'], origins: ['javascript:alert(1)'] }, now, 'x'))).toBe('origins[0]');
  });

  it('round-trip through the JWT payload and act as a read-only principal of their tenant', () => {
    const c = claimsFor(localPrincipal(), { datasets: ['sales'], origins: ['https://bi.example'] }, now, 'id2');
    const back = fromPayload({ ...toPayload(c), jti: c.id, sub: 'local', iat: c.issuedAt.getTime() / 1000, exp: c.expiresAt.getTime() / 1000 });
    expect(back).toEqual(c);
    const p = principalOf(back!, 'browser-1');
    expect(p).toMatchObject({ kind: 'embed', role: 'viewer', tenantId: 'default', keyId: null, datasets: ['sales'], rowFilters: [] });
    expect(p.clientKey).toBe('embed:id2:browser-1');
  });

  it('reject payloads with missing or misshapen claims', () => {
    expect(fromPayload({ jti: 'a', tid: 't', ds: [], rf: [], iat: 1, exp: 2 })).toBeNull();
    expect(fromPayload({ jti: 'a', tid: 't', ds: ['x'], rf: [['c']], iat: 1, exp: 2 })).toBeNull();
    expect(fromPayload({ tid: 't', ds: ['x'], rf: [], iat: 1, exp: 2 })).toBeNull();
  });

  it('tell a JWT from an API key by shape', () => {
    expect(looksLikeJwt('eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ0In0.c2ln')).toBe(true);
    expect(looksLikeJwt('iq_live_abcdef')).toBe(false);
    expect(looksLikeJwt('a.b')).toBe(false);
  });
});

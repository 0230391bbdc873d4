import { describe, expect, it } from 'vitest';
import { allowedOrigins, parseHostMessage, tokenClaims } from '../../../web/src/messages.js';

describe('the widget’s postMessage protocol', () => {
  it('accepts the three host messages and ignores anything that is not ours', () => {
    expect(parseHostMessage({ type: 'insightql:ask', question: 'total sales', requestId: 'r1' })).toEqual({ type: 'insightql:ask', question: 'total sales', requestId: 'r1' });
    expect(parseHostMessage({ type: 'insightql:setDataset', dataset: 'sales' })).toEqual({ type: 'insightql:setDataset', dataset: 'sales' });
    expect(parseHostMessage({ type: 'insightql:setTheme', theme: 'dark' })).toEqual({ type: 'insightql:setTheme', theme: 'dark' });
    for (const other of [null, 'text', 42, { type: 'webpackOk' }, {}]) expect(parseHostMessage(other)).toBeNull();
  });

  it('names what is wrong with a malformed message of ours', () => {
    expect(parseHostMessage({ type: 'insightql:ask', question: '  ' })).toEqual({ type: 'invalid', reason: 'ask needs a question' });
    expect(parseHostMessage({ type: 'insightql:setTheme', theme: 'pink' })).toMatchObject({ type: 'invalid' });
    expect(parseHostMessage({ type: 'insightql:drop', dataset: 'x' })).toMatchObject({ type: 'invalid', reason: 'unknown message type insightql:drop' });
  });

  it('obeys the token’s origins, else the embedding page only', () => {
    expect(allowedOrigins({ origins: ['https://bi.example'] }, ['https://evil.example'], '')).toEqual(['https://bi.example']);
    expect(allowedOrigins({}, ['https://host.example'], 'https://other.example/page')).toEqual(['https://host.example']);
    expect(allowedOrigins(null, [], 'https://host.example/dash?x=1')).toEqual(['https://host.example']);
    expect(allowedOrigins(null, [], '')).toEqual([]);
  });

  it('reads a token’s claims for display, and nothing from a non-token', () => {
    const payload = Buffer.from(JSON.stringify({ ds: ['sales'], origins: ['https://bi.example'] })).toString('base64url');
    expect(tokenClaims(`eyJhbGciOiJIUzI1NiJ9.${payload}.sig`)).toEqual({ ds: ['sales'], origins: ['https://bi.example'] });
    expect(tokenClaims('not-a-token')).toBeNull();
    expect(tokenClaims('a.%%%.c')).toBeNull();
  });
});

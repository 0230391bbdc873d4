import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachHeartbeat } from '../../../src/server/wsHeartbeat.js';

// Wide enough that a loaded machine answers a ping within it; the tests take a few intervals each.
const INTERVAL = 1_000;

/** Whether the socket is still open after `ms`, and the close code if not. */
function openAfter(ws: WebSocket, ms: number): Promise<{ open: boolean; code?: number }> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve({ open: ws.readyState === WebSocket.OPEN }), ms);
    ws.once('close', (code) => {
      clearTimeout(t);
      resolve({ open: false, code });
    });
  });
}

describe('WebSocket heartbeat (real sockets)', () => {
  let wss: WebSocketServer;
  let url: string;
  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    attachHeartbeat(wss, INTERVAL);
    wss.on('connection', (s) => s.on('message', () => undefined));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  });

  const connect = async (opts: WebSocket.ClientOptions = {}) => {
    const ws = new WebSocket(url, opts);
    await new Promise((r) => ws.once('open', r));
    return ws;
  };

  it('keeps a quiet peer that answers pings', async () => {
    const ws = await connect();
    expect(await openAfter(ws, INTERVAL * 5)).toEqual({ open: true });
    ws.close();
  });

  it('drops a peer that neither answers pings nor sends anything', async () => {
    const ws = await connect({ autoPong: false });
    const r = await openAfter(ws, INTERVAL * 5);
    expect(r.open).toBe(false);
    expect(r.code).toBe(1006);
  });

  it('keeps a peer whose pongs are late while its frames keep arriving (a client that just sent a flood)', async () => {
    const ws = await connect({ autoPong: false });
    const sending = setInterval(() => ws.send('{}'), INTERVAL / 3);
    expect(await openAfter(ws, INTERVAL * 5)).toEqual({ open: true });
    clearInterval(sending);
    ws.close();
  });
});

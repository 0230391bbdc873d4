import type { WebSocketServer } from 'ws';

/** How often a connection must show it is alive; one silent interval after a ping and it is dropped. */
export const HEARTBEAT_MS = 12_000;

/**
 * Drops connections whose peer went away without closing (a half-open TCP connection holds its
 * subscription slots and listeners forever). It replaces graphql-ws's own keep-alive, which
 * terminates a socket whose pong is not read within 12 s of the ping: a client that has just sent
 * thousands of frames has its pong queued behind them, so a server still working through that
 * backlog at load killed a live connection (close 1006), ending the subscriptions it had served.
 * Here any frame read from the peer counts as life, and the verdict on a silent one waits for the
 * poll phase, so input that arrived while the event loop was blocked is read before it is judged.
 */
export function attachHeartbeat(wss: WebSocketServer, intervalMs = HEARTBEAT_MS): void {
  wss.on('connection', (socket) => {
    let heard = true;
    const alive = () => (heard = true);
    socket.on('message', alive);
    socket.on('pong', alive);
    const timer = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      if (heard) {
        heard = false;
        socket.ping();
        return;
      }
      // setImmediate runs after the poll phase: a pong already in the kernel is read first.
      setImmediate(() => {
        if (!heard && socket.readyState === socket.OPEN) socket.terminate();
      });
    }, intervalMs);
    socket.once('close', () => clearInterval(timer));
  });
}

import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client on the test server's /graphql. */
export function wsClient(httpUrl: string): Client {
  return createClient({ url: httpUrl.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
}

/** Runs one operation over the socket and resolves with its first result (or its errors). */
export function wsOnce(client: Client, query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
  return new Promise((resolve) => {
    let done = false;
    const dispose = client.subscribe(
      { query, variables },
      {
        next: (r) => {
          if (done) return;
          done = true;
          dispose();
          resolve(r as any);
        },
        error: (e) => {
          if (done) return;
          done = true;
          resolve({ errors: Array.isArray(e) ? e : [{ message: String((e as Error)?.message ?? e), extensions: { code: 'SOCKET_ERROR' } }] });
        },
        complete: () => {
          if (!done) resolve({});
        },
      },
    );
  });
}

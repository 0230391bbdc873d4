import { createGraphiQLFetcher, type Fetcher, type FetcherOpts, type FetcherParams } from '@graphiql/toolkit';
import { parse, type DocumentNode } from 'graphql';
import { createClient } from 'graphql-ws';

/**
 * The IDE's fetcher: queries and mutations over HTTP POST to /graphql, subscriptions over
 * graphql-ws on the same path (same origin: ws:// or wss:// as the page). The Headers tab's
 * values go on every HTTP request and, for subscriptions, into the WebSocket's connection params,
 * where the server reads `authorization` the same way (keys and embed tokens alike).
 *
 * One WebSocket client per set of headers: changing the key in the Headers tab opens a new
 * connection (and closes the old one); without a subscription running the socket stays closed.
 */
function normalized(headers: FetcherOpts['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

/**
 * GraphiQL keeps a tab's last operation name after its text is replaced (a README example's named
 * operation, then an anonymous one): the name is sent only when the document defines it, or the
 * server answers "Unknown operation named …" and an anonymous subscription would go over HTTP.
 */
export function definedOperationName(params: FetcherParams): string | null {
  const name = params.operationName;
  if (!name || !/^[_A-Za-z][_0-9A-Za-z]*$/.test(name)) return null;
  return new RegExp(`\\b(query|mutation|subscription)\\s+${name}\\b`).test(params.query) ? name : null;
}

export function ideFetcher(location: { protocol: string; host: string }): Fetcher {
  const url = '/graphql';
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  let current: { key: string; fetcher: Fetcher; dispose(): void } | null = null;

  const fetcherFor = (headers: Record<string, string>): Fetcher => {
    const key = JSON.stringify(Object.entries(headers).sort());
    if (current?.key === key) return current.fetcher;
    current?.dispose();
    const wsClient = createClient({ url: wsUrl, connectionParams: headers, lazy: true, retryAttempts: 0 });
    const fetcher = createGraphiQLFetcher({ url, wsClient, headers, enableIncrementalDelivery: false });
    current = { key, fetcher, dispose: () => void wsClient.dispose() };
    return fetcher;
  };

  return (params, opts) => {
    const headers = normalized(opts?.headers);
    // Whether it is a subscription is read from the text sent: the editor's parsed document can
    // lag behind text just typed or pasted.
    let documentAST: DocumentNode | undefined = opts?.documentAST;
    try {
      documentAST = parse(params.query);
    } catch {
      // Not parseable: the server will say why; the editor's document (if any) decides the transport.
    }
    // The headers travel once, through the fetcher made for them.
    return fetcherFor(headers)({ ...params, operationName: definedOperationName(params) }, { documentAST, headers: {} });
  };
}

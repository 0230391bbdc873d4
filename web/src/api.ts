/**
 * The one way the browser talks to the server: GraphQL over POST with the credential (an API key
 * or an embed token) as a bearer token, and a per-browser client key so conversations survive a
 * reload. Errors come back as ApiError with the server's stable `extensions.code`.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Credential = { kind: 'none' } | { kind: 'key'; secret: string } | { kind: 'token'; secret: string };

export interface ApiOptions {
  credential: () => Credential;
  clientKey: string;
  /** Base URL of the server (the page's own origin unless embedded elsewhere). */
  base?: string;
}

export interface Api {
  gql<T>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T>;
  /** GET a server path with the credential (exports); the raw response. */
  get(path: string, signal?: AbortSignal): Promise<Response>;
  headers(): Record<string, string>;
}

/** Questions may be long, but not unbounded: the server refuses more anyway. */
export const MAX_QUESTION = 2000;

export function createApi(opts: ApiOptions): Api {
  const base = opts.base ?? '';
  const headers = (): Record<string, string> => {
    const h: Record<string, string> = { 'x-insightql-client': opts.clientKey };
    const c = opts.credential();
    if (c.kind !== 'none') h.authorization = `Bearer ${c.secret}`;
    return h;
  };
  return {
    headers,
    async gql<T>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
      let res: Response;
      try {
        res = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { ...headers(), 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
          signal,
        });
      } catch (e) {
        if ((e as Error).name === 'AbortError') throw e;
        throw new ApiError('NETWORK_ERROR', 'The server could not be reached. Check the connection and try again.');
      }
      let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
      try {
        body = await res.json();
      } catch {
        throw new ApiError('NETWORK_ERROR', `The server sent an unreadable reply (HTTP ${res.status}). Try again.`);
      }
      if (body.errors?.length) {
        const e = body.errors[0]!;
        throw new ApiError(e.extensions?.code ?? `HTTP_${res.status}`, e.message);
      }
      if (!body.data) throw new ApiError(`HTTP_${res.status}`, `The server answered HTTP ${res.status} without data.`);
      return body.data;
    },
    async get(path: string, signal?: AbortSignal): Promise<Response> {
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, { headers: headers(), signal });
      } catch (e) {
        if ((e as Error).name === 'AbortError') throw e;
        throw new ApiError('NETWORK_ERROR', 'The server could not be reached. Check the connection and try again.');
      }
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        throw new ApiError(body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? `HTTP ${res.status}`);
      }
      return res;
    },
  };
}

/** True for errors that mean "this credential is not accepted": the UI asks for another. */
export function isAuthError(e: unknown): boolean {
  return e instanceof ApiError && (e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN' || e.code === 'TOKEN_EXPIRED' || e.code === 'TOKEN_INVALID');
}

/** A random id that names this browser (or this embed) to the server as a conversation owner. */
export function clientKeyFrom(storage: Storage, name: string): string {
  let k = storage.getItem(name);
  if (!k) {
    k = `web-${crypto.randomUUID()}`;
    storage.setItem(name, k);
  }
  return k;
}

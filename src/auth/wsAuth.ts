import type { IncomingMessage } from 'node:http';
import { execute, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import { clientKeyOf } from './authenticate.js';
import { originAllowed } from './browserSafety.js';
import type { Principal } from './principal.js';
import { runAs } from './requestScope.js';

/**
 * ws `verifyClient`: a browser page may open a socket only from an allowed origin or from this
 * server's own (the web app and the IDE it serves), so a cross-site page is refused at the upgrade.
 */
export function verifyWsOrigin(allowed: readonly string[]) {
  return (info: { origin?: string; req: IncomingMessage }): boolean => {
    const origin = info.req.headers.origin;
    return originAllowed(typeof origin === 'string' ? origin : undefined, allowed, info.req.headers);
  };
}

interface WsExtra {
  request: IncomingMessage;
  principal?: Principal;
}

type Params = Readonly<Record<string, unknown>> | undefined;

/** The `authorization` of graphql-ws connection params: `{ authorization: "Bearer <key>" }`. */
export function wsAuthorization(params: Params): unknown {
  return params?.authorization ?? params?.Authorization;
}

/** The client key of a connection: `client` in its params, else the upgrade's `x-insightql-client`. */
export function wsClientKey(params: Params, headers: IncomingHttpHeaders): string | null {
  const c = params?.client;
  return typeof c === 'string' && c.trim() ? c.trim() : clientKeyOf(headers);
}

/**
 * graphql-ws `onConnect`: resolves the connection's principal from its connection params (through
 * the request gate's authentication, so failures count against the address); false closes the
 * socket with 4403 Forbidden (graphql-ws' code for a refused connection).
 */
export function wsOnConnect(authenticate: (params: Params, request: IncomingMessage) => Promise<Principal>) {
  return async (ctx: { connectionParams?: Readonly<Record<string, unknown>>; extra: unknown }): Promise<boolean> => {
    const extra = ctx.extra as WsExtra;
    try {
      extra.principal = await authenticate(ctx.connectionParams, extra.request);
      return true;
    } catch {
      return false;
    }
  };
}

/** The principal a graphql-ws connection authenticated as. */
export function wsPrincipal(extra: unknown): Principal | undefined {
  return (extra as WsExtra).principal;
}

/** Runs each next() of an iterator as `p`, so every event's resolvers see the principal. */
function asPrincipal<T>(p: Principal, it: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => runAs(p, () => it.next()),
    return: () => runAs(p, () => it.return?.() ?? Promise.resolve({ done: true as const, value: undefined })),
    throw: (e?: unknown) => runAs(p, () => it.throw?.(e) ?? Promise.reject(e)),
  };
}

/** graphql-ws `execute` / `subscribe` that run as the operation's principal (its context's). */
export const executeAsPrincipal = (args: ExecutionArgs) => runAs(principalOfArgs(args), () => execute(args));

export async function subscribeAsPrincipal(args: ExecutionArgs): Promise<ExecutionResult | AsyncIterableIterator<ExecutionResult>> {
  const p = principalOfArgs(args);
  const r = await runAs(p, () => subscribe(args));
  return Symbol.asyncIterator in r ? asPrincipal(p, r) : r;
}

function principalOfArgs(args: ExecutionArgs): Principal {
  return (args.contextValue as { principal: Principal }).principal;
}

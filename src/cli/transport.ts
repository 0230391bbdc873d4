import type { Config } from '../config/config.js';
import { AppError, ErrorCode, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { lockHolder } from '../warehouse/dataDirLock.js';
import { takeEarlyEmbedded } from './earlyEmbedded.js';
import type { Services } from '../services.js';

/**
 * Where a CLI command's GraphQL goes. Every command except `serve` and `migrate` speaks GraphQL:
 * in this process against the local database, or over HTTP to a running server. Both answer the
 * same documents with the same JSON, so each command is written once.
 */
export interface Transport {
  /** `local` (this process opened the database) or the server's base URL. */
  readonly where: 'local' | string;
  request<T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>): Promise<T>;
  /** The local services, when this process opened the database (file ingest needs them). */
  readonly services: Services | null;
  close(): Promise<void>;
}

export interface TransportOptions {
  /** `--server URL`. */
  server?: string;
  /** Who a change is recorded as in a version's lineage (local runs only). */
  actor: string;
  /** Where the note that a running server was chosen goes (stderr). */
  note?: (line: string) => void;
}

/** The server's base URL (no trailing slash, no /graphql). */
export const serverBase = (url: string): string => url.replace(/\/+$/, '').replace(/\/graphql$/, '');

/** Headers every request to a server carries: the API key when one is set in the environment. */
export function authHeaders(): Record<string, string> {
  const key = process.env.INSIGHTQL_API_KEY?.trim();
  return key ? { authorization: `Bearer ${key}` } : {};
}

/**
 * Opens the transport for one command: `--server URL` when given; else the server holding the
 * embedded database, when its lock names one (said on stderr); else the database itself.
 */
export async function openTransport(config: Config, log: Logger, opts: TransportOptions): Promise<Transport> {
  if (opts.server) return remoteTransport(opts.server);
  if (!config.databaseUrl && !config.dataDir.startsWith('memory://')) {
    const holder = lockHolder(config.dataDir);
    if (holder?.url) {
      (opts.note ?? ((l) => process.stderr.write(`${l}\n`)))(
        `note: the embedded database in ${config.dataDir} is in use by the server at ${holder.url} (pid ${holder.pid}); sending this command to it`,
      );
      return remoteTransport(holder.url);
    }
  }
  return localTransport(config, log, opts.actor);
}

/** GraphQL over HTTP to a running server. */
export function remoteTransport(server: string): Transport {
  const base = serverBase(server);
  return {
    where: base,
    services: null,
    async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
      let res: Response;
      try {
        res = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...authHeaders() },
          body: JSON.stringify({ query: document, variables }),
        });
      } catch (e) {
        throw new AppError(ErrorCode.DATABASE_UNAVAILABLE, `cannot reach the server at ${base}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`);
      }
      const text = await res.text();
      let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
      try {
        body = JSON.parse(text);
      } catch {
        throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, `the server at ${base} answered ${res.status} without GraphQL JSON: ${text.slice(0, 200)}`);
      }
      return dataOrThrow(body);
    },
    close: async () => undefined,
  };
}

/** The first error of a GraphQL answer as an AppError (its code kept), or the data. */
function dataOrThrow<T>(body: { data?: T | null; errors?: readonly { message: string; extensions?: { code?: unknown } }[] }): T {
  const err = body.errors?.[0];
  if (err) throw new AppError((typeof err.extensions?.code === 'string' ? err.extensions.code : ErrorCode.INTERNAL_SERVER_ERROR) as ErrorCode, err.message);
  return body.data as T;
}

/**
 * GraphQL executed in this process against the database (the embedded one, whose lock it takes,
 * or DATABASE_URL). The modules behind it load only here, so a command sent to a server starts fast.
 */
async function localTransport(config: Config, log: Logger, actor: string): Promise<Transport> {
  const [{ acquireDataDirLock }, { createServices }, { buildSchemaUnchecked }, { createContext }, graphql, { runAs }, { localPrincipal }] = await Promise.all([
    import('../warehouse/dataDirLock.js'),
    import('../services.js'),
    import('../graphql/schema.js'),
    import('../graphql/context.js'),
    import('graphql'),
    import('../auth/requestScope.js'),
    import('../auth/principal.js'),
  ]);
  // The database main.ts started opening while these modules loaded, with its lock, when it did.
  const early = config.databaseUrl ? null : takeEarlyEmbedded(config.dataDir);
  const lock = early?.lock ?? (config.databaseUrl || config.dataDir.startsWith('memory://') ? null : acquireDataDirLock(config.dataDir, null));
  let services: Services;
  try {
    services = await createServices(config, log, { shortLived: true, embeddedDb: early?.db });
  } catch (e) {
    lock?.release();
    throw e;
  }
  const schema = buildSchemaUnchecked();
  return {
    where: 'local',
    services,
    async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
      // The local user owns the local database: the same principal an unauthenticated local server gives.
      const r = await runAs(localPrincipal(), () =>
        graphql.graphql({ schema, source: document, variableValues: variables, contextValue: { ...createContext(services, 'cli', null), actor } }),
      );
      const err = r.errors?.[0];
      if (err) {
        const original = err.originalError ?? err;
        if (isAppError(original)) throw original;
        if (!err.originalError) throw new AppError(ErrorCode.BAD_INPUT, err.message);
        throw original;
      }
      // The same JSON a server sends (dates as ISO text, no class instances).
      return JSON.parse(JSON.stringify(r.data)) as T;
    },
    async close() {
      try {
        // The realtime scorer and the bus hold timers and a LISTEN connection: a command must stop them to exit.
        await services.realtime.close();
        await services.bus.close();
        await services.warehouse.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** Runs `fn` with a transport and closes it after. */
export async function withTransport<T>(config: Config, log: Logger, opts: TransportOptions, fn: (t: Transport) => Promise<T>): Promise<T> {
  const t = await openTransport(config, log, opts);
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

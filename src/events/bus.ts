import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from '../shared/logger.js';
import { CHANNEL, type BusMessage } from './busMessage.js';

/** A publish/subscribe channel between the server processes of one database. */
export interface Bus {
  /** Sends to every process (this one included). Call it after the transaction it announces commits. */
  send(msg: BusMessage): Promise<void>;
  onMessage(handler: (msg: BusMessage) => void): () => void;
  close(): Promise<void>;
}

/**
 * The embedded database is one process, so its bus is an in-process emitter. (PGlite does
 * support LISTEN/NOTIFY inside its one instance, but a round trip through the single serialized
 * connection would only add latency for the same reach.)
 */
export class LocalBus implements Bus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  async send(msg: BusMessage): Promise<void> {
    // Delivered on the next tick, as a NOTIFY would be, never inside the sender's call stack.
    setImmediate(() => this.emitter.emit('m', msg));
  }

  onMessage(handler: (msg: BusMessage) => void): () => void {
    this.emitter.on('m', handler);
    return () => this.emitter.off('m', handler);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/** Notices sent in one statement at most (each up to 8,000 bytes). */
const MAX_NOTICES_PER_STATEMENT = 100;

/** A notice waiting to be sent, with its sender's promise. */
interface QueuedNotice {
  payload: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Postgres LISTEN/NOTIFY: one dedicated connection listens; sends go through a small pool of their
 * own. A listener that loses its connection reconnects, and tells handlers (`{ t: 'events' }` for
 * every tenant is not knowable, so readers also poll their tables on a slow timer).
 */
export class PgBus implements Bus {
  private listener: pg.Client | null = null;
  private readonly sender: pg.Pool;
  private readonly emitter = new EventEmitter();
  private closed = false;
  private readonly queued: QueuedNotice[] = [];
  private inFlight = false;

  private constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {
    this.emitter.setMaxListeners(0);
    this.sender = new pg.Pool({ connectionString: url, max: 2, application_name: 'insightql-bus', connectionTimeoutMillis: 5_000 });
    this.sender.on('error', (e) => log.warn({ err: e.message }, 'bus sender connection failed'));
    this.sender.on('connect', (c) => c.on('error', () => undefined)); // a checked-out client's loss rejects its own query
  }

  static async open(url: string, log: Logger): Promise<PgBus> {
    const bus = new PgBus(url, log);
    await bus.listen();
    return bus;
  }

  private async listen(): Promise<void> {
    const c = new pg.Client({ connectionString: this.url, application_name: 'insightql-listen' });
    c.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        this.emitter.emit('m', JSON.parse(n.payload) as BusMessage);
      } catch (e) {
        this.log.warn({ err: (e as Error).message }, 'unreadable bus message');
      }
    });
    c.on('error', (e) => {
      this.log.warn({ err: e.message }, 'bus listener lost its connection; reconnecting');
      this.listener = null;
      if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 500);
    });
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    this.listener = c;
  }

  /**
   * Notices leave in the order sent: two NOTIFYs on different pooled connections commit in either
   * order, and a subscriber would hear "appended" before "loaded". So one statement is in flight at
   * a time, and the notices that queue meanwhile leave together in the next one (one round trip for
   * many; a transaction's notices are delivered in the order it made them).
   */
  send(msg: BusMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ payload: JSON.stringify(msg), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight || !this.queued.length) return;
    const batch = this.queued.splice(0, MAX_NOTICES_PER_STATEMENT);
    this.inFlight = true;
    void this.deliver(batch).finally(() => {
      this.inFlight = false;
      this.pump();
    });
  }

  /**
   * One statement for the batch. Its notices commit together or not at all, so a notice Postgres
   * refuses (a payload past 8,000 bytes) would fail every send queued beside it: when Postgres
   * refuses the statement, each notice goes again alone, in order, and only the refused one fails.
   * A lost connection fails them all, as it failed each send before they were batched.
   */
  private async deliver(batch: QueuedNotice[]): Promise<void> {
    try {
      await this.notify(batch.map((b) => b.payload));
      for (const b of batch) b.resolve();
    } catch (e) {
      if (batch.length === 1 || !(e instanceof pg.DatabaseError)) {
        for (const b of batch) b.reject(e);
        return;
      }
      for (const b of batch) await this.notify([b.payload]).then(b.resolve, b.reject);
    }
  }

  private async notify(payloads: string[]): Promise<void> {
    await this.sender.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS t(p, i) ORDER BY i`, [CHANNEL, payloads]);
  }

  onMessage(handler: (msg: BusMessage) => void): () => void {
    this.emitter.on('m', handler);
    return () => this.emitter.off('m', handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
    await this.listener?.end().catch(() => undefined);
    await this.sender.end().catch(() => undefined);
  }
}

/** The bus for a database: LISTEN/NOTIFY on Postgres, in-process when embedded. */
export async function openBus(databaseUrl: string | null, log: Logger): Promise<Bus> {
  return databaseUrl ? PgBus.open(databaseUrl, log) : new LocalBus();
}

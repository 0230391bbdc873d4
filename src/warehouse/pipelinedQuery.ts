import pg from 'pg';
// pg's own value encoding for bind parameters (dates, arrays, JSON, buffers), as its queries use.
// @ts-expect-error pg ships no types for its lib files
import pgUtils from 'pg/lib/utils.js';

const prepareValue = (pgUtils as { prepareValue: (v: unknown) => unknown }).prepareValue;

/** A statement sent before the query: its row and completion are not results. */
export interface SetupStatement {
  text: string;
  values: readonly unknown[];
}

/** The query after the setup: its text, bind parameters and, for rows as arrays, `rowMode`. */
export interface PipelinedMain {
  text: string;
  values: readonly unknown[];
  rowMode?: 'array';
}

type Callback = (err: Error | null, res?: unknown) => void;

interface Conn {
  parse(m: { text: string; name?: string; types?: number[] }): void;
  bind(m: { portal?: string; statement?: string; values?: unknown[] }): void;
  execute(m: { portal?: string; rows?: number }): void;
}

const PgQuery = pg.Query as unknown as new (config: object) => {
  prepare(connection: unknown): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: unknown): void;
};

/**
 * A pg query that sends `setup` statements first, in the same extended-protocol pipeline: the
 * Parse/Bind/Execute of each setup statement, then of the query, then pg's one Sync, so all of it
 * costs one round trip and shares one transaction (implicit, or the one a setup BEGIN opens). An
 * error in any statement makes the server skip to the Sync. The setup statements' rows and
 * completions are dropped: the callback sees the query's result only. Setup values are encoded as
 * pg encodes the query's, before a byte is written, so a value that cannot be encoded sends nothing.
 */
class PipelinedQuery extends PgQuery {
  private completed = 0;
  private readonly setup: { text: string; values: unknown[] }[];

  constructor(setup: readonly SetupStatement[], main: PipelinedMain, callback: Callback) {
    super({ text: main.text, values: [...main.values], rowMode: main.rowMode, queryMode: 'extended', callback });
    this.setup = setup.map((s) => ({ text: s.text, values: s.values.map((v) => prepareValue(v)) }));
  }

  override prepare(connection: Conn): void {
    for (const s of this.setup) {
      connection.parse({ text: s.text, name: '', types: [] });
      connection.bind({ portal: '', statement: '', values: s.values });
      connection.execute({ portal: '', rows: 0 });
    }
    super.prepare(connection);
  }

  override handleDataRow(msg: unknown): void {
    if (this.completed >= this.setup.length) super.handleDataRow(msg);
  }

  override handleCommandComplete(msg: unknown, connection: unknown): void {
    if (this.completed++ < this.setup.length) return;
    super.handleCommandComplete(msg, connection);
  }
}

/**
 * Runs `setup` then `main` on `client` in one round trip (see PipelinedQuery); resolves with
 * `main`'s result. A setup value that cannot be encoded rejects before anything is sent.
 */
export function pipelinedQuery<T>(client: pg.PoolClient, setup: readonly SetupStatement[], main: PipelinedMain): Promise<T> {
  return new Promise((resolve, reject) => {
    const q = new PipelinedQuery(setup, main, (err, res) => (err ? reject(err) : resolve(res as T)));
    client.query(q as unknown as pg.QueryConfig);
  });
}

/** Anything that runs one SQL statement with bind parameters. */
export interface SqlRunner {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

/** One exclusive connection, as both pg and the embedded adapter hand them out. */
export interface PoolClient {
  query(text: string, values?: readonly unknown[]): Promise<{ rows: unknown[]; rowCount?: number | null }>;
  release(err?: Error | boolean): void;
}

/** The part of a pg-style pool the warehouse needs. */
export interface ConnectionPool {
  connect(): Promise<PoolClient>;
  end(): Promise<void>;
}

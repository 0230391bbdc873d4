import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from './sqlRunner.js';

/** Streams text chunks into a COPY … FROM STDIN on a pg client, honouring backpressure. */
export async function copyInto(client: PoolClient, copySql: string, chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
  const sink = (client as unknown as { query(s: unknown): NodeJS.WritableStream }).query(copyFrom(copySql));
  await pipeline(Readable.from(chunks, { objectMode: false }), sink);
}

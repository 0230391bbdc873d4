import { Readable } from 'node:stream';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { Format } from '../../ingest/types.js';
import type { IngestionRunEntity } from '../../warehouse/entities/index.js';
import type { Context } from '../context.js';

export const ingestResolvers = {
  Query: {
    ingestionRun: (_: unknown, a: { id: string }, ctx: Context) => ctx.services.catalog.run(a.id),
  },
  Mutation: {
    ingestDataset: async (
      _: unknown,
      a: { name: string; format?: Format | null; content: string; append?: boolean; strict?: boolean; replace?: boolean; idempotencyKey?: string | null },
      ctx: Context,
    ) => {
      const max = ctx.services.config.maxInlineBytes;
      const size = Buffer.byteLength(a.content);
      if (size > max) {
        throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `content is ${size} bytes; inline uploads take at most ${max} (use POST /datasets/:name for large files)`);
      }
      const report = await ctx.services.ingest.ingest({
        name: a.name,
        input: { kind: 'stream', stream: Readable.from([Buffer.from(a.content)]) },
        format: a.format ?? null,
        append: a.append ?? false,
        strict: a.strict ?? false,
        replace: a.replace ?? false,
        idempotencyKey: a.idempotencyKey ?? null,
        sourceLabel: 'graphql inline upload',
      });
      return report.run;
    },
  },
  IngestionRun: {
    rejectedRows: (r: IngestionRunEntity, a: { limit?: number }, ctx: Context) =>
      r.rowsRejected > 0 ? ctx.loaders.rejectedByRun.load(`${r.id}:${Math.max(0, Math.min(1000, a.limit ?? 20))}`) : [],
  },
};

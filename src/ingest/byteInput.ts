/** Anything a caller can hand us as bytes: a Node readable or an async iterable of chunks. */
export type ByteStream = AsyncIterable<Buffer | Uint8Array | string> | NodeJS.ReadableStream;

/** A byte stream whose first bytes were read ahead for sniffing, with a running byte count. */
export interface PeekedInput {
  /** At least `minBytes` of the start (less only when the stream ended). */
  prefix: Buffer;
  /** True when the prefix is the whole stream. */
  ended: boolean;
  /** Every chunk from the start (the prefix's chunks first); iterate once. */
  chunks: AsyncIterable<Buffer>;
  bytesRead(): number;
}

const toBuffer = (c: Buffer | Uint8Array | string): Buffer =>
  typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);

/** Reads ahead at least `minBytes` (or to the end) and returns a stream that replays them first. */
export async function peekInput(stream: ByteStream, minBytes: number): Promise<PeekedInput> {
  const it = (stream as AsyncIterable<Buffer | Uint8Array | string>)[Symbol.asyncIterator]();
  let count = 0;
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < minBytes) {
    const n = await it.next();
    if (n.done) {
      ended = true;
      break;
    }
    const b = toBuffer(n.value);
    count += b.length;
    if (b.length === 0) continue;
    head.push(b);
    headBytes += b.length;
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      while (head.length) yield head.shift()!;
      if (ended) return;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        const b = toBuffer(n.value);
        count += b.length;
        if (b.length) yield b;
      }
    } finally {
      // A consumer that stops early (strict mode, an error) must release the file or socket.
      if (!ended) await it.return?.();
    }
  }
  return { prefix: head.length === 1 ? head[0]! : Buffer.concat(head), ended, chunks: chunks(), bytesRead: () => count };
}

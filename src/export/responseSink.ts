import type { ServerResponse } from 'node:http';

/** Thrown by a write after the client went away (closed the connection or aborted the download). */
export class ClientGone extends Error {
  override name = 'ClientGone';
  constructor() {
    super('the client closed the connection');
  }
}

/**
 * Writes a streamed response with backpressure: `write` resolves when the socket has taken the
 * chunk (at once while its buffer has room, on 'drain' otherwise), so the producer reads the next
 * batch only when the client keeps up. When the client goes away, the pending write and every later
 * one reject with ClientGone, which stops the producer (and closes its database cursor).
 */
export class ResponseSink {
  private gone = false;
  private waiter: { resolve(): void; reject(e: Error): void } | null = null;

  constructor(private readonly res: ServerResponse) {
    const onClose = () => {
      if (!res.writableFinished) this.gone = true;
      this.settle();
    };
    res.on('close', onClose);
    res.on('drain', () => this.settle());
  }

  /** True once the client has gone away before the response ended. */
  get closed(): boolean {
    return this.gone || this.res.destroyed;
  }

  write(chunk: string): Promise<void> {
    if (this.closed) return Promise.reject(new ClientGone());
    if (this.res.write(chunk)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Ends the response, with HTTP trailers when the headers announced them. */
  end(trailers?: Record<string, string>): void {
    if (this.closed) return;
    if (trailers) this.res.addTrailers(trailers);
    this.res.end();
  }

  private settle(): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = null;
    if (this.closed) w.reject(new ClientGone());
    else w.resolve();
  }
}

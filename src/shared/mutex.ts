/** A FIFO async mutex: serializes critical sections across awaits. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    this.holders++;
    let released = false;
    return prev.then(() => () => {
      if (released) return;
      released = true;
      this.holders--;
      release();
    });
  }

  /** Runs `fn` while holding the lock. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Number of holders and waiters. */
  get pending(): number {
    return this.holders;
  }
}

import type { Logger } from '../shared/logger.js';

/**
 * Whose learned words changed: one owner's in a tenant (`owner` null is the anonymous client), or,
 * with `all`, every owner's in it, since a tenant-wide word is read with each owner's own words.
 * It never names the words: the table holds them, and each process reads them again.
 */
export interface LearnedChange {
  tenant: string;
  owner: string | null;
  all?: boolean;
}

/**
 * How the chat reaches the other server processes of its database without knowing the transport:
 * services.ts routes this over the cross-process bus (Postgres LISTEN/NOTIFY, in-process embedded).
 */
export interface LearnedChannel {
  /** Tells every process, this one included. */
  publish(change: LearnedChange): Promise<void>;
  /** Hears every process's changes; returns the unsubscribe. */
  subscribe(handler: (change: LearnedChange) => void): () => void;
}

/** Cache key of one owner's learned words in a tenant. Postgres text holds no NUL, so neither part can fake the separator. */
export function learnedScopeKey(tenant: string, owner: string | null): string {
  return `${tenant}\u0000${owner ?? ''}`;
}

/** Drops exactly the entries a change names: one owner's, or every owner's of its tenant (never another tenant's). */
export function dropLearnedScopes(entries: Map<string, unknown>, change: LearnedChange): void {
  if (!change.all) {
    entries.delete(learnedScopeKey(change.tenant, change.owner));
    return;
  }
  const prefix = learnedScopeKey(change.tenant, '');
  for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
}

/**
 * Announces committed changes of learned words. The local cache is dropped at once, so the
 * caller's own next question never waits for the channel; every process (the sender included)
 * drops the same entries again when the notice arrives.
 */
export class LearnedChanges {
  private readonly unsubscribe: () => void;

  constructor(
    private readonly drop: (change: LearnedChange) => void,
    private readonly log: Logger,
    private readonly channel: LearnedChannel | null,
  ) {
    this.unsubscribe = channel ? channel.subscribe((c) => this.heard(c)) : () => undefined;
  }

  /** Call after the transaction that saved or removed the words has committed. */
  async changed(change: LearnedChange): Promise<void> {
    this.drop(change);
    if (!this.channel) return;
    // The words are committed whatever happens here: a lost notice leaves other processes stale, it never fails the request.
    await this.channel.publish(change).catch((e: Error) => this.log.warn({ err: e.message, tenant: change.tenant }, 'could not announce changed learned words to other processes'));
  }

  close(): void {
    this.unsubscribe();
  }

  private heard(change: LearnedChange): void {
    // Written by our own processes, but read off a shared channel: a malformed notice drops nothing.
    if (typeof change?.tenant !== 'string' || (change.owner !== null && typeof change.owner !== 'string')) return;
    this.drop({ tenant: change.tenant, owner: change.owner, ...(change.all === true ? { all: true } : {}) });
  }
}

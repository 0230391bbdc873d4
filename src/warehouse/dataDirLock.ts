import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, ErrorCode } from '../shared/errors.js';

interface LockInfo {
  pid: number;
  url: string | null;
  since: string;
}

const FILE = 'insightql.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process holding the embedded database, if a live one does. */
export function lockHolder(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as LockInfo;
    return info.pid !== process.pid && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/**
 * The embedded database admits one process at a time. Takes the lock or explains who holds it and
 * how to reach that server instead. A stale lock (dead pid) is taken over.
 */
export function acquireDataDirLock(dataDir: string, url: string | null): { update(url: string): void; release(): void } {
  const holder = lockHolder(dataDir);
  if (holder) {
    const where = holder.url ? ` at ${holder.url}` : '';
    throw new AppError(
      ErrorCode.DATABASE_LOCKED,
      `the embedded database in ${dataDir} is in use by a running InsightQL server (pid ${holder.pid}${where}); stop it, or send this work to it with --server ${holder.url ?? 'http://localhost:4000'}`,
      { pid: holder.pid, url: holder.url },
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, FILE);
  const write = (u: string | null) => writeFileSync(path, JSON.stringify({ pid: process.pid, url: u, since: new Date().toISOString() }));
  write(url);
  return {
    update: (u) => write(u),
    release: () => {
      try {
        const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
        if (info.pid === process.pid) rmSync(path);
      } catch {
        /* already gone */
      }
    },
  };
}

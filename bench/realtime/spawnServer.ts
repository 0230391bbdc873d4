import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** Resident memory of the process (kB), from /proc. */
  rssKb(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts serverProcess.ts under tsx against `databaseUrl`; resolves when it serves. */
export function spawnServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'serverProcess.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, INSIGHTQL_DEMO: 'false', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (code: number | null) => reject(new Error(`server exited (${code}) before it served: ${err}`));
    child.once('exit', fail);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (!m) return;
      child.off('exit', fail);
      const port = Number(m[1]);
      resolve({
        child,
        port,
        base: `http://127.0.0.1:${port}`,
        async rssKb() {
          const { readFile } = await import('node:fs/promises');
          const s = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
          return Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0);
        },
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
      });
    });
  });
}

/** Posts a GraphQL operation to a server. */
export async function gql<T = any>(base: string, query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: any[] }> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: T; errors?: any[] };
}

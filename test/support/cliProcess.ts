import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
export const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');

/**
 * The CLI from the sources in a child process, without blocking this one (a server or proxy the
 * test runs in-process must keep answering while the command talks to it).
 */
export function runCli(args: string[], env: Record<string, string | undefined>, input?: string): Promise<{ status: number | null; stdout: string; stderr: string; args: string }> {
  return new Promise((resolve) => {
    const p = spawn(TSX, [CLI, ...args], { env: { ...process.env, ...env, LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr, args: args.join(' ') }));
    p.stdin.end(input ?? '');
  });
}

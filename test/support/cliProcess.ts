import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
export const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');
/**
 * The CLI in one node process (tsx as a loader, not as a wrapper): a signal sent to it reaches the
 * command's own handler. The tsx wrapper relays Ctrl-C, then waits only 30 ms for its child to say
 * so over IPC before it kills the child and exits 130 itself; a loaded machine misses that window.
 */
export const CLI_IN_NODE: [string, string[]] = [process.execPath, ['--import', 'tsx', CLI]];

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

import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logger; one per process, children per component. */
export function createLogger(level: string, name = 'insightql'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}

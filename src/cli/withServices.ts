import type { Config } from '../config/config.js';
import { createServices, type Services } from '../services.js';
import type { Logger } from '../shared/logger.js';
import { acquireDataDirLock } from '../warehouse/dataDirLock.js';

/** Opens the services for one CLI command (taking the embedded database's lock) and closes them after. */
export async function withServices<T>(config: Config, log: Logger, fn: (s: Services) => Promise<T>): Promise<T> {
  const lock = config.databaseUrl || config.dataDir.startsWith('memory://') ? null : acquireDataDirLock(config.dataDir, null);
  try {
    const s = await createServices(config, log);
    try {
      return await fn(s);
    } finally {
      // The realtime scorer and the bus hold timers and a LISTEN connection: a command must stop them to exit.
      await s.realtime.close();
      await s.bus.close();
      await s.warehouse.close();
    }
  } finally {
    lock?.release();
  }
}

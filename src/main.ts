import type { Config } from './config/config.js';
import { startConversationRetention } from './chat/retention.js';
import { loadDemoIfFresh } from './demo/demoLoader.js';
import { startHttpServer, type RunningServer } from './server/httpServer.js';
import { createServices, type Services } from './services.js';
import type { Logger } from './shared/logger.js';
import { acquireDataDirLock } from './warehouse/dataDirLock.js';

export interface App {
  services: Services;
  server: RunningServer;
  /** Resolves when demo data (if any) has loaded. */
  demoReady: Promise<string[]>;
  close(): Promise<void>;
}

/** Composition root: config → database → services → HTTP server (+ demo data on first start). */
export async function startApp(config: Config, log: Logger): Promise<App> {
  const lock = config.databaseUrl || config.dataDir.startsWith('memory://') ? null : acquireDataDirLock(config.dataDir, null);
  let services: Services | null = null;
  try {
    services = await createServices(config, log);
    // Local mode (no key yet): everyone who can reach the port is admin, so only this machine can.
    const local = await services.auth.localMode();
    services.keys.watch();
    const host = config.hostSet ? config.host : local ? '127.0.0.1' : config.host;
    if (local) log.warn({ host }, `local mode: no API key exists, every request is admin of tenant 'default'${config.hostSet ? '' : '; listening on 127.0.0.1 only'} (create a key with: insightql keys create --tenant default --role admin)`);
    const server = await startHttpServer(services, { port: config.port, host });
    const stopRetention = startConversationRetention(services.warehouse, config.conversationRetentionDays, log);
    lock?.update(`http://localhost:${server.port}`);
    const s = services;
    const demoReady = config.demo
      ? loadDemoIfFresh(s).then(
          (loaded) => {
            if (loaded.length) log.info({ loaded }, 'demo datasets loaded');
            return loaded;
          },
          (e) => {
            log.error({ err: e }, 'demo data failed to load');
            return [];
          },
        )
      : Promise.resolve([]);
    let closing: Promise<void> | null = null;
    return {
      services: s,
      server,
      demoReady,
      close() {
        closing ??= (async () => {
          await demoReady.catch(() => undefined);
          s.keys.stop();
          stopRetention();
          await server.stop();
          await s.realtime.close();
          await s.bus.close();
          await s.warehouse.close();
          lock?.release();
        })();
        return closing;
      },
    };
  } catch (e) {
    await services?.warehouse.close().catch(() => undefined);
    lock?.release();
    throw e;
  }
}

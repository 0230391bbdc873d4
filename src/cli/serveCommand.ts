import type { Config } from '../config/config.js';
import { startApp } from '../main.js';
import type { Logger } from '../shared/logger.js';

/** `insightql serve`: runs until SIGINT/SIGTERM, then drains and closes cleanly. */
export async function runServe(config: Config, log: Logger): Promise<number> {
  const app = await startApp(config, log);
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`;
  // "ready" means the demo data is there too, or says that it is still coming.
  const pending = Symbol('pending');
  const demo = await Promise.race([app.demoReady, new Promise<typeof pending>((r) => setImmediate(() => r(pending)))]);
  if (demo === pending) {
    log.info({ url: app.server.url, database: app.services.warehouse.kind, demo: 'loading' }, 'server ready; the demo datasets are still loading');
    console.log(`InsightQL ready at http://localhost:${app.server.port}/graphql (${where}); loading the demo datasets, which appear as they load…`);
    void app.demoReady.then((l) => {
      console.log(l.length ? `demo datasets loaded: ${l.join(', ')}` : 'demo datasets: none loaded (see the log)');
    });
  } else {
    log.info({ url: app.server.url, database: app.services.warehouse.kind }, 'server ready');
    console.log(`InsightQL ready at http://localhost:${app.server.port}/graphql (${where})`);
    if (demo.length) console.log(`demo datasets loaded: ${demo.join(', ')}`);
  }
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      log.info({ sig }, 'shutting down');
      app.close().then(resolve, (e) => {
        log.error({ err: e }, 'error during shutdown');
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

import type { Config } from '../config/config.js';
import { startApp } from '../main.js';
import type { Logger } from '../shared/logger.js';

/** `insightql serve`: runs until SIGINT/SIGTERM, then drains and closes cleanly. */
export async function runServe(config: Config, log: Logger): Promise<number> {
  const app = await startApp(config, log);
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`;
  log.info({ url: app.server.url, database: app.services.warehouse.kind }, 'server ready');
  console.log(`InsightQL ready at http://localhost:${app.server.port}/graphql (${where})`);
  void app.demoReady.then((l) => l.length && console.log(`demo datasets loaded: ${l.join(', ')}`));
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

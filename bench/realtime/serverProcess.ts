// A real InsightQL server in a child process (for the two-process bench and the kill -9 test):
// DATABASE_URL from the environment, a free port, prints "ready <port>" once it serves.
import { loadConfig } from '../../src/config/config.js';
import { startApp } from '../../src/main.js';
import { createLogger } from '../../src/shared/logger.js';

const app = await startApp({ ...loadConfig(), port: 0, host: '127.0.0.1', demo: false }, createLogger(process.env.LOG_LEVEL ?? 'error'));
process.stdout.write(`ready ${app.server.port}\n`);
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

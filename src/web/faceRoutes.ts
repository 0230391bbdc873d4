import type { Express } from 'express';
import { ExportLimiter } from '../export/exportLimiter.js';
import { exportRoute } from '../export/exportRoute.js';
import type { Services } from '../services.js';
import { registerWebRoutes } from './staticRoutes.js';

/** Everything the web face adds to the express app: /export, and the app, widget and assets. */
export function registerFaceRoutes(app: Express, services: Services): void {
  // The request gate in front of /export (src/server/httpServer.ts) resolves API keys and embed tokens.
  const limiter = new ExportLimiter(services.config.exportConcurrency ?? 2);
  app.get('/export', exportRoute({ services, limiter }));
  registerWebRoutes(app);
}

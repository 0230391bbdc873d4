import type { Express, Request } from 'express';
import { principalOfRequest } from '../embed/bearer.js';
import { ExportLimiter } from '../export/exportLimiter.js';
import { exportRoute } from '../export/exportRoute.js';
import { clientKeyFrom } from '../graphql/context.js';
import type { Services } from '../services.js';
import { registerWebRoutes } from './staticRoutes.js';

/** Everything the web face adds to the express app: /export, and the app, widget and assets. */
export function registerFaceRoutes(app: Express, services: Services): void {
  // Embed tokens are verified by principalOfRequest; API keys (and local mode) by the authenticator.
  const principal = (req: Request) =>
    principalOfRequest(req.headers, clientKeyFrom(req.headers['x-insightql-client']), services.embedTokens, (bearer, clientKey) => services.auth.fromAuthorization(bearer ? `Bearer ${bearer}` : undefined, clientKey));
  const limiter = new ExportLimiter(services.config.exportConcurrency ?? 2);
  app.get('/export', exportRoute({ services, principal, limiter }));
  registerWebRoutes(app);
}

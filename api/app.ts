import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { requireAuth } from './auth/tokens';
import { ApiRoutes } from './api-routes';
import { errorHandler, unauthorized, unknownRoute } from './errors';
import type { Catalog } from '../activities/registry';
import { auditRoutes } from './routes/audit.routes';
import { authRoutes } from './routes/auth.routes';
import { catalogRoutes } from './routes/catalog.routes';
import { channelRoutes } from './routes/channels.routes';
import { dialogRoutes } from './routes/dialogs.routes';
import { flowRoutes } from './routes/flows.routes';
import { healthRoutes } from './routes/health.routes';
import { inboundRoutes } from './routes/inbound.routes';
import { lineRoutes } from './routes/lines.routes';
import { meRoutes } from './routes/me.routes';
import { operatorRoutes } from './routes/operators.routes';
import { quickReplyRoutes } from './routes/quick-replies.routes';

export interface ApiDependencies {
  db: DataSource;
  catalog: Catalog;
  temporal: Client;
  taskQueue: string;
  tokenTtlSeconds: number;
  logger: Logger;
}

/** Every route module, each adding its documented routes to the one list. */
export function registerRoutes(deps: ApiDependencies): ApiRoutes {
  const routes = new ApiRoutes({
    employee: requireAuth(deps.db),
    visitor: (_req, _res, next) => next(unauthorized('Livechat sessions are not available yet')),
  });
  healthRoutes(routes, deps);
  authRoutes(routes, deps);
  inboundRoutes(routes, deps);
  catalogRoutes(routes, deps);
  channelRoutes(routes, deps);
  dialogRoutes(routes, deps);
  flowRoutes(routes, deps);
  lineRoutes(routes, deps);
  meRoutes(routes, deps);
  operatorRoutes(routes, deps);
  quickReplyRoutes(routes, deps);
  auditRoutes(routes, deps);
  return routes;
}

/** The Express app, without `listen`, so tests and `lineflow start` mount the same thing. */
export function createApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(registerRoutes(deps).router);
  app.use(unknownRoute);
  app.use(errorHandler(deps.logger));
  return app;
}

import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { requireAuth } from './auth/tokens';
import { errorHandler, unknownRoute } from './errors';
import type { Catalog } from '../activities/registry';
import { authRoutes } from './routes/auth.routes';
import { catalogRoutes } from './routes/catalog.routes';
import { channelRoutes } from './routes/channels.routes';
import { dialogRoutes } from './routes/dialogs.routes';
import { flowRoutes } from './routes/flows.routes';
import { healthRoutes } from './routes/health.routes';
import { inboundRoutes } from './routes/inbound.routes';
import { lineRoutes } from './routes/lines.routes';
import { meRoutes } from './routes/me.routes';

export interface ApiDependencies {
  db: DataSource;
  catalog: Catalog;
  temporal: Client;
  taskQueue: string;
  tokenTtlSeconds: number;
  logger: Logger;
}

/** The Express app, without `listen`, so tests and `lineflow start` mount the same thing. */
export function createApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(healthRoutes(deps));

  // Routes without a login: channel webhooks (signed) and authentication itself.
  const open = express.Router();
  open.use(inboundRoutes(deps));
  open.use(authRoutes(deps));
  app.use('/api', open);

  const authenticated = express.Router();
  authenticated.use(requireAuth(deps.db));
  authenticated.use(express.json({ limit: '1mb' }));
  authenticated.use(catalogRoutes(deps));
  authenticated.use(channelRoutes(deps));
  authenticated.use(dialogRoutes(deps));
  authenticated.use(flowRoutes(deps));
  authenticated.use(lineRoutes(deps));
  authenticated.use(meRoutes(deps));
  app.use('/api', authenticated);

  app.use(unknownRoute);
  app.use(errorHandler(deps.logger));
  return app;
}

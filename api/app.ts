import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { requireAuth } from './auth/tokens';
import type { LineflowConfig } from '../runtime/config';
import { ApiRoutes } from './api-routes';
import { httpMetrics } from './operations/metrics';
import { RateLimiter } from './operations/rate-limit';
import { requestContext } from './operations/request-context';
import { responseContract } from './operations/response-contract';
import { metricsRoutes } from './routes/metrics.routes';
import { livechatCors } from './auth/livechat-origins';
import { requireVisitor } from './auth/visitor-sessions';
import { widgetAssets } from './web/widget-assets';
import { errorHandler, unknownRoute } from './errors';
import type { LiveEventHub } from './live/live-event-hub';
import type { PresenceTracker } from './live/presence-tracker';
import type { Catalog } from '../activities/registry';
import { auditRoutes } from './routes/audit.routes';
import { authRoutes } from './routes/auth.routes';
import { catalogRoutes } from './routes/catalog.routes';
import { channelRoutes } from './routes/channels.routes';
import { dialogListRoutes } from './routes/dialog-list.routes';
import { clientRoutes } from './routes/clients.routes';
import { dialogRoutes } from './routes/dialogs.routes';
import { eventRoutes } from './routes/events.routes';
import { flowRoutes } from './routes/flows.routes';
import { flowSimulationRoutes } from './routes/flow-simulation.routes';
import { dialogWorkflowRoutes } from './routes/dialog-workflow.routes';
import { healthRoutes } from './routes/health.routes';
import { inboundRoutes } from './routes/inbound.routes';
import { lineRoutes } from './routes/lines.routes';
import { livechatRoutes } from './routes/livechat.routes';
import { openApiRoutes } from './routes/openapi.routes';
import { telegramRoutes } from './routes/telegram.routes';
import { version } from '../package.json';
import { meRoutes } from './routes/me.routes';
import { statsRoutes } from './routes/stats.routes';
import { operatorRoutes } from './routes/operators.routes';
import { quickReplyRoutes } from './routes/quick-replies.routes';
import { webAppRoutes } from './web/web-app';

export interface ApiDependencies {
  db: DataSource;
  catalog: Catalog;
  temporal: Client;
  taskQueue: string;
  /** `temporal` shares its connection with this process's worker: new dialogs start eagerly (DeliveryDeps) */
  eagerStart?: boolean;
  /** Temporal's web UI, when there is one to link to (admins' "Open in Temporal") */
  temporalUiUrl?: string;
  tokenTtlSeconds: number;
  logger: Logger;
  rateLimits: LineflowConfig['rateLimits'];
  /** this process's reader of live events (SSE) */
  live: LiveEventHub;
  /** who is online, from the inbox streams open in this process */
  presence: PresenceTracker;
}

/** Every route module, each adding its documented routes to the one list. */
export function registerRoutes(deps: ApiDependencies): ApiRoutes {
  const perIp = new RateLimiter(deps.rateLimits.perIp);
  const perChannel = new RateLimiter(deps.rateLimits.perChannel);
  const routes = new ApiRoutes({
    employee: requireAuth(deps.db),
    visitor: requireVisitor(deps.db),
    perIp: perIp.middleware('ip', (req) => req.ip ?? null),
    perChannel: perChannel.middleware('channel', (req) => req.visitor?.channelId ?? null),
  });
  const channelDeps = {
    ...deps,
    limitChannel: (channelId: string) => perChannel.check('channel', channelId),
  };
  healthRoutes(routes, deps);
  metricsRoutes(routes, deps);
  authRoutes(routes, deps);
  inboundRoutes(routes, channelDeps);
  catalogRoutes(routes, deps);
  channelRoutes(routes, deps);
  dialogListRoutes(routes, deps);
  dialogRoutes(routes, deps);
  dialogWorkflowRoutes(routes, deps);
  clientRoutes(routes, deps);
  eventRoutes(routes, deps);
  flowRoutes(routes, deps);
  flowSimulationRoutes(routes, deps);
  lineRoutes(routes, deps);
  livechatRoutes(routes, deps);
  meRoutes(routes, deps);
  statsRoutes(routes, deps);
  operatorRoutes(routes, deps);
  quickReplyRoutes(routes, deps);
  auditRoutes(routes, deps);
  telegramRoutes(routes, channelDeps);
  widgetAssets(routes); // the website chat's script and its demo page
  openApiRoutes(routes, { version }); // last: it documents everything above
  return routes;
}

/** The Express app, without `listen`, so tests and `lineflow start` mount the same thing. */
export function createApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestContext(deps.logger), httpMetrics, responseContract);
  app.use('/api/livechat', livechatCors(deps.db)); // the website chat calls from customers' pages
  app.use(registerRoutes(deps).router);
  app.use(webAppRoutes()); // the built web app's pages and assets; never /api/*
  app.use(unknownRoute);
  app.use(errorHandler(deps.logger));
  return app;
}

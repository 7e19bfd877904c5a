import type { Config } from '@jest/types';
import pino from 'pino';
import { registerRoutes } from '../../api/app';
import { LiveEventHub } from '../../api/live/live-event-hub';
import { loadCatalog } from '../../activities/registry';
import { coveredRoutes } from './route-coverage';

/**
 * After a full run (no test file or name filter): say which served routes no integration suite called
 * successfully on each database engine, so a route without a real end-to-end test cannot go unseen.
 */
export default async function globalTeardown(globalConfig: Config.GlobalConfig): Promise<void> {
  const filtered = globalConfig.testPathPatterns.isSet() || !!globalConfig.testNamePattern;
  if (filtered) return;
  const silent = pino({ level: 'silent' });
  const routes = registerRoutes({
    db: {} as never,
    catalog: loadCatalog(),
    temporal: {} as never,
    taskQueue: 'unused',
    tokenTtlSeconds: 60,
    logger: silent,
    rateLimits: { perIp: 0, perChannel: 0 },
    live: new LiveEventHub({} as never, silent),
  }).specs.map((spec) => `${spec.method.toUpperCase()} ${spec.path}`);
  const covered = coveredRoutes();
  for (const engine of ['sqlite', 'mariadb']) {
    const missing = routes.filter((route) => !covered[engine]?.has(route));
    console.log(
      missing.length
        ? `\nRoutes no integration suite called successfully on ${engine}:\n  ${missing.join('\n  ')}`
        : `\nEvery route was called successfully on ${engine}.`,
    );
  }
}

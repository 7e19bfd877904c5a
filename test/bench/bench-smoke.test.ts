import fs from 'node:fs';
import path from 'node:path';
import { parseBenchArgs } from '../../bench/options';
import { runBench } from '../../bench/run-bench';
import type { Summary } from '../../bench/stats';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';
import { tempDir } from '../support/test-stack';

/**
 * Issue 6's smoke: the benchmark harness, tiny, end to end — 20 paced dialogs plus a few unpaced, one
 * escalation (a real 1-minute queue step), the baseline and the floor (issue 15), the web app's own
 * figures in Chromium, and one scale run with a cache smaller than its dialogs. It proves the harness works and that its report has every figure; it asserts nothing
 * about how fast anything is (the machine running the tests is shared).
 */
describe('the benchmark harness', () => {
  const dir = tempDir('lineflow-bench-smoke-');
  const out = path.join(dir, 'latest.json');
  const markdown = path.join(dir, 'BENCHMARKS.md');

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const filled = (s: Summary, count?: number) => {
    expect(s.count).toBeGreaterThan(0);
    if (count !== undefined) expect(s.count).toBe(count);
    for (const key of ['mean', 'p50', 'p95', 'p99', 'max'] as const)
      expect(Number.isFinite(s[key])).toBe(true);
  };

  it(
    'drives dialogs through Lineflow, the baseline and the floor over HTTP and reports every figure',
    async () => {
      const options = {
        ...parseBenchArgs(['--dialogs', '20', '--rate', '10', '--saturate', '10', '--escalations', '1'], dir),
        scale: [12],
        scaleCache: 5,
        quiet: true,
        out,
        markdown,
        workflowBundlePath: WORKFLOW_BUNDLE_PATH,
      };
      const report = await runBench(options, () => undefined);

      expect(report.machine).toMatchObject({ cores: expect.any(Number), node: process.version });
      expect(report.pragmas.temporal.journalModeInFile).toEqual(expect.any(String));
      for (const [system, figures] of [
        ['lineflow', report.lineflow],
        ['baseline', report.baseline!],
        ['floor', report.floor!],
      ] as const) {
        for (const phase of [figures.paced, figures.saturated!]) {
          expect({ system, errors: phase.errorSamples }).toEqual({ system, errors: [] });
          expect(phase.completed).toBe(phase.dialogs);
          expect(phase.throughput.overall).toBeGreaterThan(0);
          expect(phase.throughput.sustained).toBeGreaterThan(0);
          for (const summary of Object.values(phase.latencyMs)) filled(summary, phase.dialogs);
          expect(phase.timePerDialogMs.workflowTaskExecution).toBeGreaterThan(0);
          // Lineflow's activities are all local now (the baseline copies its shape); the floor has none
          if (system !== 'floor')
            expect(
              (phase.timePerDialogMs.activityExecution ?? 0) +
                (phase.timePerDialogMs.localActivityExecution ?? 0),
            ).toBeGreaterThan(0);
          expect(phase.memory.rssMb).toBeGreaterThan(0);
        }
        filled(figures.history.events);
        filled(figures.history.bytes);
      }
      expect(report.lineflow.paced.dialogs).toBe(20);
      expect(report.lineflow.saturated!.dialogs).toBe(10);
      expect(report.lineflow.paced.timePerDialogMs.activitiesMeasuredByLineflow).toBeGreaterThan(0);
      // the baseline did what a Lineflow dialog made Temporal do: same signals, updates and activities
      const lf = report.lineflow.history.meanPerDialog;
      const bl = report.baseline!.history.meanPerDialog;
      expect({ signals: bl.signals, updates: bl.updates }).toEqual({
        signals: lf.signals,
        updates: lf.updates,
      });
      expect(bl.activities).toBeCloseTo(lf.activities ?? NaN, 0);
      expect(report.ratio.throughput).toBeGreaterThan(0);
      expect(report.ratio.inboundToOfferedP50).toBeGreaterThan(0);
      // the floor: the same signals and updates as Lineflow's dialogs, one timer, no activity
      const fl = report.floor!.history.meanPerDialog;
      expect(fl).toMatchObject({ activities: 0, timers: 1, signals: lf.signals, updates: lf.updates });
      expect(fl.workflowTasks).toBeLessThanOrEqual(5);
      expect(report.ratio.floorThroughput).toBeGreaterThan(0);
      expect(report.ratio.floorEndToEndP50).toBeGreaterThan(0);

      // the web app's own figures: the inbox opened cold in Chromium, and the widget
      const web = report.web!;
      if ('error' in web) throw new Error(`web figures: ${web.error}`);
      filled(web.inbox.timeToFirstListMs, 3);
      expect(web.inbox.files.some((f) => f.type === 'script')).toBe(true);
      expect(web.inbox.files.some((f) => f.type === 'stylesheet')).toBe(true);
      expect(web.inbox.js.gzipBytes).toBeGreaterThan(0);
      expect(web.inbox.js.gzipBytes).toBeLessThan(web.inbox.js.bytes);
      expect(web.inbox.total.gzipBytes).toBe(web.inbox.js.gzipBytes + web.inbox.css.gzipBytes);
      expect(web.widget.gzipBytes).toBeGreaterThan(0);

      const escalation = report.lineflow.escalation;
      expect(escalation).toMatchObject({ dialogs: 1, completed: 1, errorSamples: [] });
      filled(escalation.timerFiredLateMs, 1);
      filled(escalation.workerActedLateMs, 1);
      filled(escalation.nextOfferSeenLateMs, 1);

      const [scale] = report.scale;
      expect(scale).toMatchObject({
        openDialogs: 12,
        maxCachedWorkflows: 5,
        opened: 12,
        touched: 12,
        openErrors: 0,
        touchErrors: 0,
        workflowTaskFailures: 0,
      });
      expect(scale!.replay.replays).toBeGreaterThan(0);
      expect(scale!.cache.missesWhileTouching).toBeGreaterThan(0);
      filled(scale!.touchLatencyMs, 12);
      expect(scale!.cache.cachedAfterOpen).toBeLessThanOrEqual(5);
      for (const value of Object.values(scale!.memory)) expect(Number.isFinite(value)).toBe(true);

      expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
      const md = fs.readFileSync(markdown, 'utf8');
      for (const heading of [
        '## Machine and run',
        '## Lineflow against the bare-Temporal baseline and the floor',
        '## Escalation timer',
        '## Scale runs',
        "## The web app's own figures",
        '## Aims',
      ])
        expect(md).toContain(heading);
    },
    15 * 60_000,
  );
});

import { registry } from '../../runtime/metrics';
import { activityMetrics } from '../../worker/activity-metrics';

const valueOf = async (name: string, activity: string) => {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values.find((v) => v.labels.activity === activity && !('le' in v.labels))?.value ?? 0;
};

describe('activity metrics interceptor', () => {
  const intercept = (activityType: string) =>
    activityMetrics({ info: { activityType } } as never).inbound!.execute!;

  it('counts a failed attempt and times every attempt, by activity type', async () => {
    const before = await valueOf('lineflow_activity_failures_total', 'flaky');
    await expect(
      intercept('flaky')({ args: [], headers: {} }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(intercept('flaky')({ args: [], headers: {} }, async () => 'ok')).resolves.toBe('ok');
    expect(await valueOf('lineflow_activity_failures_total', 'flaky')).toBe(before + 1);
    const timings = (await registry.getMetricsAsJSON()).find(
      (m) => m.name === 'lineflow_activity_duration_seconds',
    )!;
    const count = timings.values.find(
      (v) => v.labels.activity === 'flaky' && (v as { metricName?: string }).metricName?.endsWith('_count'),
    );
    expect(count?.value).toBe(2);
  });
});

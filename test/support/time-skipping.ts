import { TestWorkflowEnvironment } from '@temporalio/testing';
import { withTemporalExecutable } from '../../runtime/temporal-binaries';

/**
 * A new time-skipping test environment on the local `temporal-test-server` binary (found or installed
 * by runtime/temporal-binaries). The caller tears it down; a suite that wants one server for all its
 * tests uses `useTimeSkippingEnvironment`, a fuzz that must not let one run's server state reach the
 * next creates one per run.
 */
export function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  return withTemporalExecutable('test-server', (executable) =>
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable } }),
  );
}

/** One time-skipping environment for the whole suite, torn down after it. */
export function useTimeSkippingEnvironment(): () => TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return () => {
    if (!env) throw new Error('the time-skipping environment is not started yet');
    return env;
  };
}

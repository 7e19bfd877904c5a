import { TestWorkflowEnvironment } from '@temporalio/testing';
import { withTemporalExecutable } from '../../runtime/temporal-binaries';

/**
 * A time-skipping test environment on the local `temporal-test-server` binary (found or installed by
 * runtime/temporal-binaries), torn down after the suite.
 */
export function useTimeSkippingEnvironment(): () => TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await withTemporalExecutable('test-server', (executable) =>
      TestWorkflowEnvironment.createTimeSkipping({ server: { executable } }),
    );
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return () => {
    if (!env) throw new Error('the time-skipping environment is not started yet');
    return env;
  };
}

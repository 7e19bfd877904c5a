import type { Browser } from 'playwright-core';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { launchChromium } from '../support/browser';
import { ADMIN_PASSWORD, eventually, TestStack } from '../support/test-stack';
import { screenshot, seriousA11yViolations, signIn, type SignedIn } from './web-app-pages';

/**
 * The flow designer's "Try it" through the real stack (the panel itself is mounted by the flow editor;
 * its browser test comes with it), and the dialog view's way to the flow: "Show on flow" for admins and
 * supervisors, "Open in Temporal" for admins, neither for operators.
 */
describe('flow simulation and "Show on flow" in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let admin: string;
  let dialogId: string;
  const sessions: SignedIn[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([TestStack.startOn('sqlite'), launchChromium()]);
    admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
    const secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
    const body = JSON.stringify({
      externalMessageId: 'e2e-sim-1',
      client: { externalId: 'sim-1', name: 'Sim Client' },
      text: 'Hello',
    });
    const answer = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret);
    expect(answer.status).toBe(202);
    dialogId = answer.body.dialogId;
    await eventually(async () => {
      const d = await stack.request('GET', `/api/dialogs/${dialogId}`, { token: admin });
      return d.status === 200 ? true : undefined;
    });
  });
  afterAll(async () => {
    for (const s of sessions) await s.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  const openDialog = async (email: string, password?: string) => {
    const session = await signIn(browser, stack, email, password ? { password } : {});
    sessions.push(session);
    await session.page.goto(`${stack.running.url}/dialogs/${encodeURIComponent(dialogId)}`);
    await session.page.getByRole('log', { name: 'Conversation' }).waitFor();
    return session;
  };

  it("dry-runs the demo line's flow: nobody accepts for 3 minutes, the KPI alert path runs", async () => {
    const response = await stack.request('POST', `/api/lines/${DEMO_LINE_ID}/flow/simulate`, {
      token: admin,
      json: { script: { events: [{ at: '0', type: 'client.message', text: 'Hello' }], runFor: '3m' } },
    });
    expect(response.status).toBe(200);
    const nodes = response.body.steps.map((s: { nodeId: string }) => s.nodeId);
    expect(nodes).toEqual(expect.arrayContaining(['queue', 'firstAnswerLate', 'alertFirstAnswer']));
    expect(response.body.kpiBreaches).toEqual([{ at: 180_000, kpi: 'firstAnswer' }]);
  });

  it('shows a supervisor "Show on flow" to the pinned version with the path, and no Temporal link', async () => {
    const { page, errors } = await openDialog('supervisor@lineflow.local');
    const link = page.getByRole('link', { name: 'Show on flow' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(
      `/lines/${DEMO_LINE_ID}/flow?dialog=${encodeURIComponent(dialogId)}`,
    );
    expect(await page.getByRole('link', { name: 'Open in Temporal' }).count()).toBe(0);
    await screenshot(page, 'flow-simulation-01-dialog-supervisor');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('opens the flow from the dialog: its version, read-only, with the path the dialog took lit', async () => {
    const { page, errors } = await openDialog('supervisor@lineflow.local');
    await page.getByRole('link', { name: 'Show on flow' }).click();
    const node = (id: string) => page.getByRole('group', { name: new RegExp(`\\(${id}\\)$`) });
    // the dialog came in and waits in the queue: started → crm → queue ran, the rating path did not
    for (const id of ['started', 'crm', 'queue'])
      await node(id)
        .getByTitle(/^Ran as step/)
        .waitFor();
    expect(
      await node('askRating')
        .getByTitle(/^Ran as step/)
        .count(),
    ).toBe(0);
    await page
      .getByText(/read-only/)
      .first()
      .waitFor();
    // a supervisor only looks: no publishing, no versions, no Try it
    expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: 'Try it' }).count()).toBe(0);
    await screenshot(page, 'flow-simulation-03-show-on-flow');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("shows an admin the dialog's workflow in Temporal's web UI too", async () => {
    const { page, errors } = await openDialog('admin@lineflow.local', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Show on flow' }).waitFor();
    const temporal = page.getByRole('link', { name: 'Open in Temporal' });
    await temporal.waitFor();
    expect(await temporal.getAttribute('href')).toBe(
      `${stack.running.temporalUiUrl}/namespaces/default/workflows/dialog-${dialogId}`,
    );
    expect(await temporal.getAttribute('target')).toBe('_blank');
    await screenshot(page, 'flow-simulation-02-dialog-admin');
    expect(errors).toEqual([]);
  });

  it('shows an operator neither link', async () => {
    const { page } = await openDialog('operator1@lineflow.local');
    await page.getByRole('heading', { name: 'Sim Client' }).waitFor();
    expect(await page.getByRole('link', { name: 'Show on flow' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Open in Temporal' }).count()).toBe(0);
  });
});

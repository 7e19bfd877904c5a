import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ADMIN_PASSWORD, DEMO_PASSWORD, eventually, TestStack } from '../support/test-stack';
import { employeeIds, screenshot, seriousA11yViolations, signIn, type SignedIn } from './web-app-pages';

/**
 * The dialog view (/dialogs/:id) in a real Chromium against a real stack (Temporal, worker, SQLite):
 * what an operator does all day, what the buttons refuse, hostile text, a supervisor taking over.
 */
describe('dialog view in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let adminToken: string;
  let ids: Map<string, string>;
  const sessions: SignedIn[] = [];
  let secret: string;
  let sent = 0;
  let supervisor: SignedIn;

  /** A signed inbound message on a webhook channel; resolves with the dialog id. */
  async function inbound(
    client: Record<string, string>,
    text: string,
    channel = 'demo-webhook',
    key = secret,
  ) {
    sent += 1;
    const body = JSON.stringify({ externalMessageId: `e2e-${sent}-${Date.now()}`, client, text });
    const answer = await stack.inbound(channel, body, key);
    expect(answer.status).toBe(202);
    return answer.body.dialogId as string;
  }
  const dialogOf = (id: string, token = adminToken) =>
    stack.request('GET', `/api/dialogs/${id}`, { token }).then((r) => r.body);
  /** The read model is written asynchronously: wait until the dialog satisfies `test`. */
  const dialogWhen = (id: string, test: (d: any) => boolean) =>
    eventually(async () => {
      const d = await dialogOf(id);
      return d && test(d) ? d : undefined;
    });
  const open = async (session: SignedIn, dialogId: string) => {
    await session.page.goto(`${stack.running.url}/dialogs/${encodeURIComponent(dialogId)}`);
    await session.page.getByRole('log', { name: 'Conversation' }).waitFor();
  };
  const signInAs = async (email: string, options?: Parameters<typeof signIn>[3]) => {
    const session = await signIn(browser, stack, email, options);
    sessions.push(session);
    return session;
  };
  /** The flow has begun (the CRM step is recorded): the dialog's workflow takes actions now. */
  const started = (d: any) => d.timeline.some((e: any) => e.type === 'flow.node' && e.nodeId === 'crm');
  const conversation = (page: Page) => page.getByRole('log', { name: 'Conversation' });

  beforeAll(async () => {
    [stack, browser] = await Promise.all([TestStack.startOn('sqlite'), launchChromium()]);
    adminToken = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
    ids = await employeeIds(stack, adminToken);
    secret = await stack.channelSecret('demo-webhook');
  });
  afterAll(async () => {
    for (const s of sessions) await s.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  it('an operator goes online, opens a new dialog, accepts, answers with Enter, writes a note and closes', async () => {
    const op = await signInAs('operator1@lineflow.local');
    const { page } = op;
    const status = page.getByLabel('Your status');
    if ((await status.inputValue()) !== 'online') await status.selectOption('online');
    await eventually(async () =>
      (
        await stack.request('GET', '/api/me', {
          token: await stack.login('operator1@lineflow.local', DEMO_PASSWORD),
        })
      ).body.online
        ? true
        : undefined,
    );

    const dialogId = await inbound(
      { externalId: 'ann-42', name: 'Ann Client', phone: '+15550100' },
      'Hello, my order #1001 has not arrived',
    );
    await dialogWhen(dialogId, (d) => d.offeredTo.includes(ids.get('operator1@lineflow.local')));
    await open(op, dialogId);
    await expect(page.getByRole('heading', { name: 'Ann Client' }).isVisible()).resolves.toBe(true);
    await conversation(page).getByText('Hello, my order #1001 has not arrived').waitFor();
    // offered to me: Accept, and nothing that needs the dialog to be mine yet
    await page.getByRole('button', { name: 'Accept' }).waitFor();
    expect(await page.getByRole('button', { name: 'Close' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Take over' }).count()).toBe(0);
    await screenshot(page, 'dialog-01-offered');

    await page.getByRole('button', { name: 'Accept' }).click();
    const box = page.getByLabel('Message to the client');
    await box.waitFor();
    for (const name of ['Close', 'Transfer', 'Invite', 'Spam', 'Pin', 'Send'])
      await page.getByRole('button', { name, exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Take over' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Rate' }).count()).toBe(0);

    // Shift+Enter is a new line, Enter sends
    await box.click();
    await box.pressSequentially('Hi Ann!');
    await box.press('Shift+Enter');
    await box.pressSequentially('Let me check your order.');
    expect(await box.inputValue()).toBe('Hi Ann!\nLet me check your order.');
    await box.press('Enter');
    await conversation(page).getByText('Let me check your order.').waitFor();
    // the box empties once the API has taken the message (the live stream may show it a moment before)
    await eventually(async () => ((await box.inputValue()) === '' ? true : undefined));
    const answered = await dialogWhen(dialogId, (d) => d.messages.some((m: any) => m.author === 'operator'));
    expect(answered.messages.find((m: any) => m.author === 'operator')).toMatchObject({
      text: 'Hi Ann!\nLet me check your order.',
      hidden: false,
    });

    // save what is typed as a quick reply, then find it and insert it
    await box.fill('Your parcel is on its way and arrives tomorrow.');
    await page.getByRole('button', { name: 'Quick replies' }).click();
    await page.getByRole('button', { name: 'Save current text as a quick reply' }).click();
    await page.getByLabel('Title of the quick reply').fill('Parcel on its way');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Quick reply saved.').waitFor();
    await page.getByRole('button', { name: 'Quick replies' }).click(); // closes the panel
    await box.fill('');
    await page.getByRole('button', { name: 'Quick replies' }).click();
    await page.getByLabel('Search quick replies').fill('parcel');
    await screenshot(page, 'dialog-02-quick-replies');
    await page.getByRole('button', { name: /Parcel on its way/ }).click();
    expect(await box.inputValue()).toBe('Your parcel is on its way and arrives tomorrow.');
    await box.press('Enter');
    await conversation(page).getByText('Your parcel is on its way and arrives tomorrow.').waitFor();

    // a client message arrives while the dialog is open: it appears without a reload
    await inbound({ externalId: 'ann-42', name: 'Ann Client' }, 'Great, thank you!');
    await conversation(page).getByText('Great, thank you!').waitFor({ timeout: 10_000 });

    // an internal note
    await page.getByLabel('Internal note', { exact: true }).check();
    const note = page.getByLabel('Internal note (only colleagues see it)');
    await note.fill('VIP client, double-check the courier');
    await note.press('Enter');
    const noteItem = conversation(page)
      .getByRole('listitem')
      .filter({ hasText: 'VIP client, double-check the courier' });
    await noteItem.waitFor();
    await expect(noteItem.textContent()).resolves.toContain('Internal note');
    const noted = await dialogWhen(dialogId, (d) => d.messages.some((m: any) => m.hidden));
    expect(noted.messages.find((m: any) => m.hidden).text).toBe('VIP client, double-check the courier');
    await screenshot(page, 'dialog-03-answered-and-note');

    const axe = await seriousA11yViolations(page);
    expect(axe).toEqual([]);

    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByText('Closed by You').waitFor();
    await dialogWhen(dialogId, (d) => ['closed_awaiting_rating', 'closed'].includes(d.status));
    await page.getByText('This dialog is closed.').waitFor();
    expect(await page.getByLabel('Message to the client').count()).toBe(0);
    await screenshot(page, 'dialog-04-closed');
    expect(op.errors).toEqual([]);
  });

  it("shows the API's reason when an action is refused: a second operator accepts a dialog already taken", async () => {
    // a line whose queue holds only someone who is never online: its dialogs wait, offered to nobody
    const ghost = await stack.request('POST', '/api/operators', {
      token: adminToken,
      json: { email: 'ghost@lineflow.local', name: 'Ghost', role: 'operator', password: 'ghost-secret-1' },
    });
    expect(ghost.status).toBe(201);
    const line = await stack.request('POST', '/api/lines', {
      token: adminToken,
      json: {
        id: 'sales',
        name: 'Sales',
        settings: { timeZone: 'Europe/Moscow', queue: { operators: [ghost.body.id] } },
      },
    });
    expect(line.status).toBe(201);
    ids = await employeeIds(stack, adminToken);
    for (const email of ['operator2@lineflow.local', 'operator3@lineflow.local', 'ghost@lineflow.local'])
      expect(
        (
          await stack.request('PATCH', `/api/operators/${ids.get(email)}`, {
            token: adminToken,
            json: { lines: email.startsWith('ghost') ? ['sales'] : ['demo-support', 'sales'] },
          })
        ).status,
      ).toBe(200);
    const channel = await stack.request('POST', '/api/channels', {
      token: adminToken,
      json: { id: 'sales-webhook', lineId: 'sales', kind: 'webhook', name: 'Sales webhook' },
    });
    expect(channel.status).toBe(201);
    const salesSecret = await stack.channelSecret('sales-webhook');
    const dialogId = await inbound(
      { externalId: 'bob-7', name: 'Bob' },
      'Is the sale still on?',
      'sales-webhook',
      salesSecret,
    );
    await dialogWhen(dialogId, (d) => started(d) && d.offeredTo.length === 0);

    const second = await signInAs('operator2@lineflow.local');
    // the third operator's view does not hear the stream: it still shows the dialog as nobody's
    const third = await signInAs('operator3@lineflow.local', {
      prepare: (context) => context.route('**/api/events*', (route) => route.abort()),
    });
    await open(second, dialogId);
    await open(third, dialogId);
    await third.page.getByRole('button', { name: 'Accept' }).waitFor();

    await second.page.getByRole('button', { name: 'Accept' }).click();
    await second.page.getByLabel('Message to the client').waitFor();
    await dialogWhen(dialogId, (d) => d.responsibleOperatorId === ids.get('operator2@lineflow.local'));

    await third.page.getByRole('button', { name: 'Accept' }).click();
    const alert = third.page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('the dialog is already taken by another operator');
    await screenshot(third.page, 'dialog-05-refused');
    // times read in the line's zone (Moscow)
    await third.page.getByText('Times in Europe/Moscow').waitFor();
    // the refusal made the stale view read the dialog again: no Accept any more
    await third.page.getByRole('button', { name: 'Accept' }).waitFor({ state: 'detached' });

    // the operator who has it hands it to another line; the picker offers their colleagues too
    await second.page.getByRole('button', { name: 'Transfer' }).click();
    const picker = second.page.getByRole('dialog', { name: 'Transfer the dialog' });
    await picker.getByRole('button', { name: /Operator 3/ }).waitFor();
    await screenshot(second.page, 'dialog-05b-transfer-to-line');
    await picker.getByRole('button', { name: /Support/ }).click();
    await picker.waitFor({ state: 'detached' });
    await second.page.getByText('You transferred the dialog to Support').waitFor();
    await dialogWhen(dialogId, (d) => d.lineId === 'demo-support');
  });

  it('shows hostile text in a message and a client name literally and runs none of it', async () => {
    const hostileName = '<img src=x onerror=alert(1)>';
    const hostileText = '<script>alert("pwned")</script> and <img src=x onerror=alert(2)>';
    const dialogId = await inbound({ externalId: 'mallory-1', name: hostileName }, hostileText);
    await dialogWhen(dialogId, started);
    supervisor = await signInAs('supervisor@lineflow.local');
    const { page } = supervisor;
    await open(supervisor, dialogId);
    await page.getByRole('heading', { name: hostileName }).waitFor();
    await conversation(page).getByText(hostileText).waitFor();
    await page.getByRole('complementary').getByText(hostileName, { exact: true }).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('#main script').count()).toBe(0);
    await screenshot(page, 'dialog-06-hostile-text');
    await page.waitForTimeout(300); // an onerror handler would have fired by now
    expect(supervisor.dialogs).toEqual([]);
    expect(supervisor.errors).toEqual([]);
  });

  it('lets a supervisor take a dialog over, invite a colleague and rate it', async () => {
    const dialogId = await inbound({ externalId: 'carol-3', name: 'Carol' }, 'I want to speak to a manager');
    // operators 1 to 3 have the inbox open: one of them is offered it
    const opened = await dialogWhen(dialogId, (d) => started(d) && d.offeredTo.length > 0);
    const op1Id = ids.get('operator1@lineflow.local')!;
    const op1 = await stack.login('operator1@lineflow.local', DEMO_PASSWORD);
    // whoever holds the offer accepts it and hands it to operator 1
    const holderId: string = opened.offeredTo[0];
    const holderEmail = [...ids].find(([, id]) => id === holderId)![0];
    const holder = await stack.login(holderEmail, DEMO_PASSWORD);
    expect((await stack.request('POST', `/api/dialogs/${dialogId}/accept`, { token: holder })).status).toBe(
      200,
    );
    if (holderId !== op1Id)
      expect(
        (
          await stack.request('POST', `/api/dialogs/${dialogId}/transfer`, {
            token: holder,
            json: { operatorId: op1Id },
          })
        ).status,
      ).toBe(200);
    expect(
      (
        await stack.request('POST', `/api/dialogs/${dialogId}/messages`, {
          token: op1,
          json: { text: 'One moment please' },
        })
      ).status,
    ).toBe(201);
    await dialogWhen(dialogId, (d) => d.responsibleOperatorId === op1Id && d.messages.length >= 2);

    const { page } = supervisor;
    await open(supervisor, dialogId);
    await page.getByText('Responsible: Operator 1').waitFor();
    // a supervisor may close, transfer, invite, rate, take over — not pin a dialog that is not theirs
    for (const name of ['Take over', 'Close', 'Transfer', 'Invite', 'Spam', 'Rate'])
      await page.getByRole('button', { name, exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Pin' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    await screenshot(page, 'dialog-07-supervisor');

    await page.getByRole('button', { name: 'Take over' }).click();
    await page.getByText('Responsible: You').waitFor();
    await page.getByText('Taken over by You').waitFor();
    await dialogWhen(dialogId, (d) => d.responsibleOperatorId === ids.get('supervisor@lineflow.local'));
    await page.getByRole('button', { name: 'Pin' }).waitFor(); // now theirs

    await page.getByRole('button', { name: 'Invite' }).click();
    const picker = page.getByRole('dialog', { name: 'Invite a colleague' });
    await picker.waitFor();
    await screenshot(page, 'dialog-08-invite-picker');
    await picker.getByRole('button', { name: /Operator 3/ }).click();
    await picker.waitFor({ state: 'detached' });
    await page.getByText('You invited Operator 3').waitFor();
    await dialogWhen(dialogId, (d) => d.participants.includes(ids.get('operator3@lineflow.local')));

    await page.getByRole('button', { name: 'Rate' }).click();
    await page.getByRole('button', { name: 'Score 4' }).click();
    await page.getByText('You rated the dialog: Score 4').waitFor();

    const axe = await seriousA11yViolations(page);
    expect(axe).toEqual([]);
    await screenshot(page, 'dialog-09-taken-over');
    expect(supervisor.errors).toEqual([]);
  });
});

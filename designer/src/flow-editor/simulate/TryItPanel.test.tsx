import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { Flow } from '../../../../schemas/generated/flow';
import i18n from '../../i18n';
import type { TrailStep } from '../trail';
import type { Simulation } from './simulation-api';
import { PLAY_STEP_MS, TryItPanel } from './TryItPanel';

/** A run of the demo line's default flow in which nobody accepted for 3 minutes (as the server answers). */
const FLOW: Flow = {
  schemaVersion: 1,
  name: 'Default',
  nodes: [
    { id: 'started', type: 'trigger', params: { event: 'dialog.started' }, label: 'Dialog starts' },
    { id: 'crm', type: 'action', params: { activity: 'findOrCreateClient', input: {} } },
    { id: 'queue', type: 'queue', params: { mode: 'evenly', stepTimeout: '1m' }, label: 'Support queue' },
    { id: 'late', type: 'trigger', params: { event: 'kpi.firstAnswer.exceeded' } },
    { id: 'alert', type: 'action', params: { activity: 'sendKpiAlert', input: { kpi: 'firstAnswer' } } },
  ],
  edges: [
    { source: 'started', target: 'crm' },
    { source: 'crm', target: 'queue' },
    { source: 'late', target: 'alert' },
  ],
};
const ANSWER: Simulation = {
  steps: [
    { nodeId: 'started', outcome: 'next', at: 0, pathId: 1, trigger: 'started' },
    { nodeId: 'crm', outcome: 'next', at: 0, pathId: 1, trigger: 'started' },
    { nodeId: 'late', outcome: 'next', at: 180_000, pathId: 2, trigger: 'late' },
    { nodeId: 'alert', outcome: 'next', at: 180_000, pathId: 2, trigger: 'late' },
    { nodeId: 'queue', outcome: null, at: 0, pathId: 1, trigger: 'started', waiting: true },
  ],
  routing: [
    { at: 0, event: 'offered', operatorIds: ['op1'], skipped: [{ operatorId: 'op2', reason: 'offline' }] },
    { at: 60_000, event: 'withdrawn', operatorIds: ['op1'] },
    {
      at: 60_000,
      event: 'offered',
      operatorIds: ['op3'],
      skipped: [
        { operatorId: 'op1', reason: 'alreadyTried' },
        { operatorId: 'op2', reason: 'offline' },
      ],
    },
  ],
  kpiBreaches: [{ at: 180_000, kpi: 'firstAnswer' }],
  activityCalls: [],
  status: 'offered',
  variables: {},
  tags: [],
  operators: [
    { id: 'op1', name: 'Anna' },
    { id: 'op2', name: 'Boris' },
    { id: 'op3', name: 'Vera' },
  ],
};

function json(body: unknown, status = 200) {
  return Promise.resolve({
    ok: status < 400,
    status,
    statusText: '',
    headers: { get: () => 'application/json' },
    json: async () => body,
  } as unknown as Response);
}

const QUEUE = [
  { id: 'op1', name: 'Anna' },
  { id: 'op3', name: 'Vera' },
];
const isProbe = (init?: RequestInit) => JSON.parse(String(init?.body)).script.runFor === '1s';
/** The panel's runs (not its one-second probe of the line's queue). */
const runs = (fetch: jest.Mock) =>
  fetch.mock.calls.filter(([url, init]) => String(url).endsWith('/simulate') && !isProbe(init));

/** Answers the panel's calls; returns the mock to read what was sent. */
function serve(
  simulate: () => Promise<Response> = () => json(ANSWER),
  probe: () => Promise<Response> = () => json({ ...ANSWER, operators: QUEUE }),
) {
  const fetch = jest.fn((url: string, init?: RequestInit) => {
    if (url.endsWith('/flow/simulate')) return isProbe(init) ? probe() : simulate();
    if (url.endsWith('/flow/scenarios') && init?.method === 'PUT') return json(JSON.parse(String(init.body)));
    if (url.endsWith('/flow/scenarios')) return json({ items: [] });
    if (url === '/api/operators')
      return json({
        items: [
          { id: 'op1', name: 'Anna', role: 'operator', lines: ['line-1'], fired: false },
          { id: 'op9', name: 'Elsewhere', role: 'operator', lines: ['other'], fired: false },
        ],
      });
    return json({ error: { code: 'not_found', message: `no ${url}`, details: [] } }, 404);
  });
  Object.assign(globalThis, { fetch });
  return fetch;
}

function renderPanel(onTrail = jest.fn(), onSelectNode = jest.fn()) {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <TryItPanel lineId="line-1" flow={FLOW} onTrail={onTrail} onSelectNode={onSelectNode} />
    </QueryClientProvider>,
  );
  return { onTrail, onSelectNode };
}

const lastTrail = (onTrail: jest.Mock) => onTrail.mock.calls.at(-1)?.[0] as TrailStep[] | null;
const run = async () => {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
  });
};

describe('the Try it panel', () => {
  beforeAll(async () => {
    await i18n.changeLanguage('en');
  });
  afterEach(() => jest.useRealTimers());

  it('shows what the run did in plain words, in time order, with node titles and the status', async () => {
    const fetch = serve();
    renderPanel();
    await run();
    const timeline = screen.getByRole('list', { name: 'Timeline of the run' });
    const rows = within(timeline)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(rows).toEqual([
      '0:00Offered to AnnaSkipped: Boris (offline)',
      '0:00Dialog starts→ next',
      '0:00crm→ next',
      '0:00Support queuestill waiting here at the end of the run',
      '1:00Anna did not accept in time; the offer was taken back',
      '1:00Offered to VeraSkipped: Anna (already offered it this round), Boris (offline)',
      '3:00First answer KPI exceeded',
      '3:00late→ next',
      '3:00alert→ next',
      'At the end the dialog is: Offered',
    ]);
    // the request: the flow on screen and the preset's script
    const call = runs(fetch)[0]!;
    expect(call[0]).toBe('/api/lines/line-1/flow/simulate');
    expect(JSON.parse(String(call[1]!.body))).toEqual({
      flow: FLOW,
      script: {
        events: [{ at: '0', type: 'client.message', text: 'Hello, I need help with my order' }],
        runFor: '3m',
      },
    });
  });

  it('plays the path back on the canvas step by step: step, reset, play', async () => {
    jest.useFakeTimers();
    serve();
    const { onTrail, onSelectNode } = renderPanel();
    await run();
    expect(lastTrail(onTrail)).toEqual(ANSWER.steps); // the whole path lit after a run
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(lastTrail(onTrail)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Step' }));
    expect(lastTrail(onTrail)).toEqual(ANSWER.steps.slice(0, 1));
    fireEvent.click(screen.getByRole('button', { name: 'Step' }));
    expect(lastTrail(onTrail)).toEqual(ANSWER.steps.slice(0, 2));
    expect(screen.getByText('Step 2 of 5')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    const lengths: number[] = [];
    for (let i = 0; i < 6; i++) {
      act(() => {
        jest.advanceTimersByTime(PLAY_STEP_MS);
      });
      lengths.push(lastTrail(onTrail)!.length);
    }
    expect(lengths).toEqual([1, 2, 3, 4, 5, 5]);
    expect(screen.getByRole('button', { name: 'Play' }).getAttribute('aria-pressed')).toBe('false');

    // a row of the timeline selects its node and moves the playback there
    fireEvent.click(screen.getByRole('button', { name: /Support queue/ }));
    expect(onSelectNode).toHaveBeenCalledWith('queue');
    expect(lastTrail(onTrail)).toEqual(ANSWER.steps);
    fireEvent.click(screen.getByRole('button', { name: /Dialog starts/ }));
    expect(lastTrail(onTrail)).toEqual(ANSWER.steps.slice(0, 1));
    expect(screen.getByRole('button', { name: /Dialog starts/ }).getAttribute('aria-current')).toBe('step');
  });

  it('fills the script from the presets', async () => {
    serve();
    renderPanel();
    fireEvent.click(
      screen.getByRole('button', { name: 'Operator accepts at 2 min, client rates 5 at 10 min' }),
    );
    const times = screen
      .getAllByRole('textbox', { name: /^Time of event/ })
      .map((i) => (i as HTMLInputElement).value);
    expect(times).toEqual(['0', '2m', '3m', '9m', '10m']);
    const what = screen
      .getAllByRole('combobox', { name: /^What happens in event/ })
      .map((s) => (s as HTMLSelectElement).value);
    expect(what).toEqual(['writes', 'accepts', 'answers', 'closes', 'rates']);
    expect((screen.getByRole('combobox', { name: 'Rating in event 5' }) as HTMLSelectElement).value).toBe(
      '5',
    );
    expect(
      (screen.getByRole('checkbox', { name: 'Outside working hours' }) as HTMLInputElement).checked,
    ).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Outside working hours' }));
    expect(
      (screen.getByRole('checkbox', { name: 'Outside working hours' }) as HTMLInputElement).checked,
    ).toBe(true);
    expect(screen.getAllByRole('textbox', { name: /^Time of event/ })).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Nobody accepts for 3 minutes' }));
    expect(
      (screen.getByRole('checkbox', { name: 'Outside working hours' }) as HTMLInputElement).checked,
    ).toBe(false);
    expect((screen.getByRole('textbox', { name: 'Text of event 1' }) as HTMLInputElement).value).toBe(
      'Hello, I need help with my order',
    );
  });

  it("lists the line's queue to pick and override, and sends only what differs", async () => {
    const fetch = serve();
    renderPanel();
    const who = await screen.findByRole('combobox', { name: 'Who acts in event 1' });
    await within(who).findByRole('option', { name: 'Vera' });
    expect(
      within(who)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Client', 'Operator it is offered to', 'Anna', 'Vera']);
    fireEvent.change(who, { target: { value: 'op:op1' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Anna is online' }));
    await run();
    const body = JSON.parse(String(runs(fetch)[0]![1]!.body));
    expect(body.script.events).toEqual([{ at: '0', type: 'operator.accept', operator: 'op1' }]);
    expect(body.script.operators).toEqual([{ id: 'op1', online: false, openDialogs: 0 }]);
  });

  it("lists the line's people when the flow cannot run yet", async () => {
    const refused = () => json({ error: { code: 'invalid_flow', message: 'no', details: [] } }, 422);
    serve(refused, refused);
    renderPanel();
    const who = await screen.findByRole('combobox', { name: 'Who acts in event 1' });
    await within(who).findByRole('option', { name: 'Anna' });
    expect(within(who).queryByRole('option', { name: 'Elsewhere' })).toBeNull();
  });

  it("shows the API's reason and the flow's problems when the run is refused", async () => {
    serve(() =>
      json(
        {
          error: {
            code: 'invalid_flow',
            message: 'The flow has 1 problem(s)',
            details: [{ pointer: '/nodes/4', message: 'not reachable from a trigger', nodeId: 'alert' }],
          },
        },
        422,
      ),
    );
    const { onTrail } = renderPanel();
    await run();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The run was refused: The flow has 1 problem(s)');
    expect(alert.textContent).toContain('alert: not reachable from a trigger');
    expect(lastTrail(onTrail)).toBeNull();
  });

  it('refuses to run a script whose times are no durations, saying why', () => {
    serve();
    renderPanel();
    fireEvent.change(screen.getByRole('textbox', { name: 'Time of event 1' }), { target: { value: 'soon' } });
    expect((screen.getByRole('button', { name: 'Run' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/is not a duration/)).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Time of event 1' }), { target: { value: '0s' } });
    expect((screen.getByRole('button', { name: 'Run' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('saves the current script under a name, runs a saved one and deletes it', async () => {
    const fetch = serve();
    renderPanel();
    await screen.findByText(/None yet/);
    fireEvent.change(screen.getByRole('textbox', { name: 'Name of the scenario' }), {
      target: { value: 'Night shift' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    });
    const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT')!;
    expect(JSON.parse(String(put[1]!.body)).items).toEqual([
      { name: 'Night shift', script: expect.objectContaining({ runFor: '3m' }) },
    ]);
    expect(screen.getByRole('status').textContent).toBe('Saved “Night shift”.');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Run scenario Night shift' }));
    });
    expect(screen.getByRole('list', { name: 'Timeline of the run' })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Delete scenario Night shift' }));
    });
    const puts = fetch.mock.calls.filter(([, init]) => init?.method === 'PUT');
    expect(JSON.parse(String(puts.at(-1)![1]!.body))).toEqual({ items: [] });
  });
});

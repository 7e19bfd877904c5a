import { act, fireEvent, render, screen, within } from '@testing-library/react';
import '../../i18n';
import i18n from '../../i18n';
import type { Employee } from '../admin-api';
import { SchemaForm } from '../forms/SchemaForm';
import { serverErrorSchema } from '../forms/server-errors';
import { lineSettingsUiSchema, type LineForm } from '../lines/line-form';
import { splitDuration } from './DurationWidget';

const person = (
  id: string,
  name: string,
  role: Employee['role'] = 'operator',
  lines = ['support'],
): Employee => ({
  id,
  name,
  email: `${id}@example.test`,
  role,
  lines,
  maxOpenDialogs: null,
  vacations: [],
  fired: false,
  online: false,
  lastSeenAt: null,
  workdayState: 'stopped',
  createdAt: '2026-01-01T00:00:00.000Z',
});
const EMPLOYEES = [
  person('ann', 'Ann Lee'),
  person('bob', 'Bob Stone'),
  person('cid', 'Cid Moss'),
  person('boss', 'Boss', 'admin'),
];

const LINE: LineForm = {
  name: 'Support',
  language: 'en',
  active: true,
  settings: {
    timeZone: 'UTC',
    queue: { operators: ['ann', 'bob', 'cid'], timeTracking: false },
    kpi: { firstAnswer: { threshold: '3m', notify: ['supervisors'] } },
  },
};

/** The settings form as the page renders it; every change and submit lands in `seen`. */
function renderLineForm(
  data: LineForm = LINE,
  extraErrors?: ReturnType<typeof serverErrorSchema>['errorSchema'],
) {
  const seen = { changes: [] as LineForm[], submitted: [] as LineForm[] };
  const ui = lineSettingsUiSchema(i18n.t);
  function Harness() {
    return (
      <SchemaForm<LineForm>
        name="line"
        formData={data}
        uiSchema={ui}
        extraErrors={extraErrors}
        context={{ employees: EMPLOYEES, lineId: 'support' }}
        submitLabel="Save"
        onChange={(d) => seen.changes.push(d)}
        onSubmit={(d) => seen.submitted.push(d)}
      />
    );
  }
  const view = render(<Harness />);
  const last = () => seen.changes[seen.changes.length - 1]!;
  return { ...view, seen, last };
}

beforeEach(async () => {
  await act(() => i18n.changeLanguage('en'));
});

describe('the duration widget', () => {
  it('reads a duration string as an amount and a unit', () => {
    expect(splitDuration('5m')).toEqual({ amount: '5', unit: 'm' });
    expect(splitDuration('90s')).toEqual({ amount: '90', unit: 's' });
    expect(splitDuration('2h')).toEqual({ amount: '2', unit: 'h' });
    expect(splitDuration(undefined)).toEqual({ amount: '', unit: 'm' });
  });

  it('writes "<number><unit>" back, and the schema refuses what is out of range at the field', () => {
    const { last } = renderLineForm();
    const amount = screen.getByRole('spinbutton', { name: /Within/ });
    const firstAnswer = screen.getByRole('group', { name: /First answer/ });
    expect(amount).toHaveProperty('value', '3');
    const unit = within(firstAnswer).getByRole('combobox', { name: 'Unit of Within' });
    fireEvent.change(unit, { target: { value: 'h' } });
    expect(last().settings!.kpi!.firstAnswer!.threshold).toBe('3h');
    fireEvent.change(amount, { target: { value: '2' } });
    expect(last().settings!.kpi!.firstAnswer!.threshold).toBe('2h');
    // 5 seconds is under the 10 s the schema allows: live validation says so at the field
    fireEvent.change(unit, { target: { value: 's' } });
    fireEvent.change(amount, { target: { value: '5' } });
    expect(last().settings!.kpi!.firstAnswer!.threshold).toBe('5s');
    expect(within(firstAnswer).getByText('This value is not allowed here.')).toBeTruthy();
    expect(amount.getAttribute('aria-describedby')).toContain('__error');
  });
});

describe('the queue order', () => {
  it('moves people up and down with named buttons, removes and adds the line’s operators', () => {
    const { last } = renderLineForm();
    const list = screen.getByRole('list', { name: 'Queue, in order' });
    const names = () =>
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent);
    expect(names()[0]).toContain('Ann Lee');
    expect(screen.getByRole('button', { name: 'Move Ann Lee up' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Move Cid Moss up' }));
    expect(last().settings!.queue!.operators).toEqual(['ann', 'cid', 'bob']);
    fireEvent.click(screen.getByRole('button', { name: 'Move Ann Lee down' }));
    expect(last().settings!.queue!.operators).toEqual(['cid', 'ann', 'bob']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove Bob Stone from the queue' }));
    expect(last().settings!.queue!.operators).toEqual(['cid', 'ann']);
    // only the line's operators not in the queue can be added (never an admin)
    const picker = screen.getByRole('combobox', { name: 'Operator to add to the queue' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Bob Stone']);
    fireEvent.click(screen.getByRole('button', { name: 'Add to queue' }));
    expect(last().settings!.queue!.operators).toEqual(['cid', 'ann', 'bob']);
    expect(last().settings!.queue!.timeTracking).toBe(false);
  });

  it('reorders by dragging a row onto another', () => {
    const { last } = renderLineForm();
    const rows = within(screen.getByRole('list', { name: 'Queue, in order' })).getAllByRole('listitem');
    const dataTransfer = { setData: jest.fn(), effectAllowed: '' };
    fireEvent.dragStart(rows[2]!, { dataTransfer });
    fireEvent.dragOver(rows[0]!, { dataTransfer });
    fireEvent.drop(rows[0]!, { dataTransfer });
    expect(last().settings!.queue!.operators).toEqual(['cid', 'ann', 'bob']);
  });
});

describe('the working hours', () => {
  it('switches from around the clock to a week of intervals, several a day, and holidays', () => {
    const { last } = renderLineForm();
    fireEvent.click(screen.getByRole('radio', { name: 'On a schedule' }));
    expect(last().settings!.workingHours!.week.mon).toEqual([{ from: '09:00', to: '18:00' }]);
    expect(last().settings!.workingHours!.week.sat).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Add an interval on Monday' }));
    expect(last().settings!.workingHours!.week.mon).toEqual([
      { from: '09:00', to: '18:00' },
      { from: '18:00', to: '23:00' },
    ]);
    fireEvent.change(screen.getByLabelText('Monday, interval 2: from'), { target: { value: '19:00' } });
    expect(last().settings!.workingHours!.week.mon![1]).toEqual({ from: '19:00', to: '23:00' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove Monday interval 1' }));
    expect(last().settings!.workingHours!.week.mon).toEqual([{ from: '19:00', to: '23:00' }]);
    fireEvent.change(screen.getByLabelText('New holiday'), { target: { value: '2026-12-25' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add holiday' }));
    expect(last().settings!.workingHours!.holidays).toEqual(['2026-12-25']);
    fireEvent.click(screen.getByRole('radio', { name: 'Around the clock' }));
    expect(last().settings!.workingHours).toBeUndefined();
  });

  it("shows the server's reason at the interval it names", () => {
    const data: LineForm = {
      ...LINE,
      settings: { ...LINE.settings, workingHours: { week: { mon: [{ from: '18:00', to: '09:00' }] } } },
    };
    const { errorSchema } = serverErrorSchema([
      { pointer: '/settings/workingHours/week/mon/0/to', message: 'must be later than from' },
    ]);
    renderLineForm(data, errorSchema);
    const to = screen.getByLabelText('Monday, interval 1: to');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    const described = document.getElementById(to.getAttribute('aria-describedby')!);
    expect(described?.textContent).toBe('must be later than from');
  });
});

describe('the generated settings form', () => {
  it("puts a refusal's details at their fields and submits only valid data", () => {
    const { errorSchema } = serverErrorSchema([
      { pointer: '/settings/timeZone', message: 'not a known time zone' },
    ]);
    const { seen } = renderLineForm(LINE, errorSchema);
    const zone = screen.getByRole('combobox', { name: /Time zone/ });
    const errors = document.getElementById(`${zone.id}__error`);
    expect(errors?.textContent).toBe('not a known time zone');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(seen.submitted).toHaveLength(1);
    expect(seen.submitted[0]!.settings!.queue!.operators).toEqual(['ann', 'bob', 'cid']);
    // defaults of optional sections are not invented (no empty KPI clock, no "closed every day")
    expect(seen.submitted[0]!.settings!.workingHours).toBeUndefined();
    expect(seen.submitted[0]!.settings!.kpi!.answer).toBeUndefined();
  });

  it('leaves no empty shells of optional sections behind when another field changes', () => {
    const { last } = renderLineForm();
    fireEvent.change(screen.getByRole('spinbutton', { name: /Within/ }), { target: { value: '4' } });
    // rjsf would add rating: {} (refused) and workingHours: {week: {}} (a line closed all week)
    expect(last().settings).toEqual({
      ...LINE.settings,
      kpi: { firstAnswer: { threshold: '4m', notify: ['supervisors'] } },
    });
  });

  it('refuses to submit an empty name, saying so at the field', () => {
    const { seen } = renderLineForm({ ...LINE, name: '' });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(seen.submitted).toHaveLength(0);
    const name = screen.getByRole('textbox', { name: /Name/ });
    expect(document.getElementById(`${name.id}__error`)?.textContent).toMatch(
      /At least 1 characters|Required/,
    );
  });
});

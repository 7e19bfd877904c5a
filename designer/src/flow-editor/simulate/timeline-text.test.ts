import i18n from '../../i18n';
import { formatClock, fromScript, normalizeDuration, toScript } from './script';
import { routingText, skippedText, skipReasonText } from './timeline-text';

describe('the words of a dry run', () => {
  const names = new Map([
    ['a', 'Anna'],
    ['b', 'Boris'],
    ['c', 'Vera'],
  ]);
  const nameOf = (id: string) => names.get(id) ?? id;

  it.each([
    ['en', 'fired', 'fired'],
    ['en', 'vacation', 'on vacation'],
    ['en', 'workdayNotStarted', 'workday not started'],
    ['en', 'offline', 'offline'],
    ['en', 'atLimit', 'at their limit of open dialogs'],
    ['en', 'alreadyTried', 'already offered it this round'],
    ['ru', 'vacation', 'в отпуске'],
    ['ru', 'atLimit', 'достигнут лимит открытых диалогов'],
  ] as const)('%s: the reason %s reads "%s"', async (lng, reason, text) => {
    await i18n.changeLanguage(lng);
    expect(skipReasonText(i18n.t, reason)).toBe(text);
  });

  it('says who was offered, who skipped and why, and what each decision did', async () => {
    await i18n.changeLanguage('en');
    const t = i18n.t;
    const offered = {
      at: 0,
      event: 'offered' as const,
      operatorIds: ['a', 'c'],
      skipped: [{ operatorId: 'b', reason: 'vacation' as const }],
    };
    expect(routingText(t, offered, nameOf)).toBe('Offered to Anna and Vera');
    expect(skippedText(t, offered, nameOf)).toBe('Skipped: Boris (on vacation)');
    expect(skippedText(t, { ...offered, skipped: [] }, nameOf)).toBe('');
    expect(
      routingText(
        t,
        { at: 0, event: 'refused', operatorIds: ['b'], reason: 'the dialog is offered to another operator' },
        nameOf,
      ),
    ).toBe('Boris could not accept: the dialog is offered to another operator');
    expect(routingText(t, { at: 0, event: 'waiting', operatorIds: [] }, nameOf)).toBe(
      'Nobody has room for the dialog: it waits until someone does',
    );
    expect(routingText(t, { at: 0, event: 'accepted', operatorIds: ['unknown-id'] }, nameOf)).toBe(
      'unknown-id accepted the dialog',
    );
    await i18n.changeLanguage('ru');
    expect(routingText(i18n.t, offered, nameOf)).toBe('Предложен: Anna и Vera');
    expect(skippedText(i18n.t, offered, nameOf)).toBe('Пропущены: Boris — в отпуске');
    await i18n.changeLanguage('en');
  });

  it('writes times as m:ss from the start', () => {
    expect([0, 5_000, 60_000, 125_000, 3_600_000 + 61_000, 2 * 86_400_000 + 5_000].map(formatClock)).toEqual([
      '0:00',
      '0:05',
      '1:00',
      '2:05',
      '1:01:01',
      '2d 0:00:05',
    ]);
  });

  it('turns the editor rows into the request script and back', () => {
    expect(normalizeDuration(' 0s ')).toBe('0');
    expect(normalizeDuration('2M')).toBe('2m');
    const script = {
      events: [
        { at: '0', type: 'client.message' as const, text: 'Hi' },
        { at: '2m', type: 'operator.accept' as const, operator: 'a' },
        { at: '3m', type: 'operator.close' as const },
        { at: '4m', type: 'rating.received' as const, rating: 'like' as const },
        { at: '5m', type: 'rating.received' as const, rating: 4 },
      ],
      facts: { withinWorkingHours: false, clientKnown: true, firstContact: false },
      operators: [{ id: 'b', online: false, openDialogs: 2 }],
      runFor: '15m',
    };
    expect(toScript(fromScript(script))).toEqual(script);
  });
});

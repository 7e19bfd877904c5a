import type { LineSettings } from '../../schemas/generated/line-settings';
import { durationMs } from '../../schemas/durations';
import type { DialogRules } from './engine-host';

/** The parts of a line's settings the engine applies itself, as plain numbers pinned at the start. */
export function rulesOf(settings: LineSettings): DialogRules {
  const kpi: DialogRules['kpi'] = {};
  if (settings.kpi?.firstAnswer) kpi.firstAnswer = durationMs(settings.kpi.firstAnswer.threshold);
  if (settings.kpi?.answer) kpi.answer = durationMs(settings.kpi.answer.threshold);
  const hours = settings.workingHours;
  return {
    kpi,
    ...(hours
      ? {
          workingHours: {
            timeZone: settings.timeZone ?? 'UTC',
            week: hours.week,
            holidays: hours.holidays ?? [],
          },
        }
      : {}),
  };
}

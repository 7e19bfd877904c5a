import type { ValidationDetail } from './ajv';
import type { LineSettings } from './generated/line-settings';

/**
 * What line-settings.schema.json cannot say: a time zone the runtime knows, and working-hours
 * intervals that end after they begin. Pointers are relative to the settings object under `base`.
 */
export function lineSettingsProblems(settings: LineSettings, base = '/settings'): ValidationDetail[] {
  const problems: ValidationDetail[] = [];
  if (settings.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: settings.timeZone });
    } catch {
      problems.push({
        pointer: `${base}/timeZone`,
        message: `"${settings.timeZone}" is not a known time zone`,
      });
    }
  }
  for (const [day, intervals] of Object.entries(settings.workingHours?.week ?? {})) {
    (intervals ?? []).forEach((interval, i) => {
      if (interval.from >= interval.to)
        problems.push({
          pointer: `${base}/workingHours/week/${day}/${i}/to`,
          message: 'must be later than from',
        });
    });
  }
  return problems;
}

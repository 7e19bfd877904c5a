import type { TFunction } from 'i18next';

/** A short duration as people read it: "45 s", "12 min", "2 h 5 min", "3 d". */
export function formatDuration(t: TFunction, ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return t('duration.seconds', { count: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('duration.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('duration.hoursMinutes', { hours, minutes: minutes % 60 });
  return t('duration.days', { count: Math.floor(hours / 24) });
}

/** The line's durations ("90s", "5m", "1h"; schemas/line-settings.schema.json) in milliseconds. */
export function parseLineDuration(text: string | undefined): number | null {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text ?? '');
  if (!match) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms']!;
  return Number(match[1]) * unit;
}

/**
 * A time of day (or date and time when not today) in the given IANA time zone: the line's, so that
 * everyone on a line reads the same clock whatever their computer says.
 */
export function formatTime(iso: string, language: string, timeZone = 'UTC', now = new Date()): string {
  const date = new Date(iso);
  const dayOf = (d: Date) => d.toLocaleDateString('en-CA', { timeZone });
  const sameDay = dayOf(date) === dayOf(now);
  try {
    return new Intl.DateTimeFormat(language, {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      ...(sameDay ? {} : { day: 'numeric', month: 'short' }),
    }).format(date);
  } catch {
    return date.toISOString().slice(11, 16);
  }
}

export function formatDateTime(iso: string, language: string, timeZone = 'UTC'): string {
  try {
    return new Intl.DateTimeFormat(language, {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZoneName: 'short',
    }).format(new Date(iso));
  } catch {
    return iso;
  }
}

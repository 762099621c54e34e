import { locale, t } from '../i18n';
import { CLOCK, dateFormat } from './dateFormat';

/** A time of day as a clock shows it in the UI's language ("14:05", "02:05 PM"). */
export function formatClock(at: Date, language: string = locale.value): string {
  return dateFormat(language, CLOCK).format(at);
}

/** Short times for lists: the time today, the weekday within a week, else the date. */
export function formatListTime(at: Date, now: Date, language: string = locale.value): string {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const ms = at.getTime();
  if (ms >= startOfToday) return formatClock(at, language);
  if (ms >= startOfToday - 6 * 86_400_000) return dateFormat(language, { weekday: 'short' }).format(at);
  return dateFormat(language, { day: 'numeric', month: 'short' }).format(at);
}

const relative = new Map<string, Intl.RelativeTimeFormat>();

/**
 * "just now", "5 minutes ago", "3 hours ago", "yesterday", "2 days ago", in the UI's language
 * (Intl.RelativeTimeFormat: "vor 5 Minuten", "gestern").
 */
export function formatAgo(thenMs: number, nowMs: number, language: string = locale.value): string {
  const s = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (s < 60) return t('time.justNow');
  let format = relative.get(language);
  if (!format) relative.set(language, (format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' })));
  const m = Math.floor(s / 60);
  if (m < 60) return format.format(-m, 'minute');
  const h = Math.floor(m / 60);
  if (h < 24) return format.format(-h, 'hour');
  return format.format(-Math.floor(h / 24), 'day');
}

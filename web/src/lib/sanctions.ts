/**
 * What keeps me from sending in a room, in words: a room mute (my member document), a user-wide
 * mute from the cross-room rate limiter (restrictions/{uid}), or having been removed or banned.
 * The composer shows `composer` in place of the text box; the pane shows `notice` where the
 * conversation is, so nobody meets a bare "The server refused this message."
 */
import { locale as uiLocale, t, type Key } from '../i18n';
import { CLOCK, dateFormat } from './dateFormat';

export type Sanction =
  | { kind: 'muted'; scope: 'room' | 'app'; until: number; reason: string | null }
  | { kind: 'removed' }
  | { kind: 'banned' };

export interface SanctionFacts {
  /** set once the conversation saw me leave the member list without leaving myself */
  removal: 'removed' | 'banned' | null;
  roomMutedUntil: number | null;
  appMutedUntil: number | null;
  appReason: string | null;
  now: number;
}

export function currentSanction(f: SanctionFacts): Sanction | null {
  if (f.removal) return { kind: f.removal };
  const room = f.roomMutedUntil !== null && f.roomMutedUntil > f.now ? f.roomMutedUntil : null;
  const app = f.appMutedUntil !== null && f.appMutedUntil > f.now ? f.appMutedUntil : null;
  // the one that lasts longer is the one that matters
  if (app !== null && (room === null || app >= room)) return { kind: 'muted', scope: 'app', until: app, reason: f.appReason };
  if (room !== null) return { kind: 'muted', scope: 'room', until: room, reason: null };
  return null;
}

/**
 * "14:30" today, "Tue 14:30" within a week, else the date and time; by default in the UI's
 * language (read at call time, so a computed that calls it follows a change of language).
 */
export function formatUntil(until: number, now: number, locale: string = uiLocale.value): string {
  const at = new Date(until);
  const time = dateFormat(locale, CLOCK).format(at);
  const today = new Date(now);
  if (at.toDateString() === today.toDateString()) return time;
  if (until - now < 6 * 86_400_000)
    return t('lib.untilWeekday', { day: dateFormat(locale, { weekday: 'short' }).format(at), time });
  return t('lib.untilDate', { date: dateFormat(locale, { day: 'numeric', month: 'short' }).format(at), time });
}

/**
 * The reasons the Functions store with a user-wide mute (messages/created.ts), in English as
 * data; shown in the language in use. A reason not listed here shows as stored.
 */
const MUTE_REASONS: Readonly<Record<string, Key>> = {
  'too many messages in a minute': 'lib.reasonTooMany',
  'the same message again and again': 'lib.reasonRepeated',
};

/** What the composer says in place of the text box. */
export function describeSanction(s: Sanction, now: number, locale: string = uiLocale.value): string {
  switch (s.kind) {
    case 'removed':
      return t('lib.sanctionRemoved');
    case 'banned':
      return t('lib.sanctionBanned');
    case 'muted': {
      const until = formatUntil(s.until, now, locale);
      if (s.scope === 'room') return t('lib.sanctionRoomMute', { until });
      if (!s.reason) return t('lib.sanctionAppMute', { until });
      const reason = MUTE_REASONS[s.reason];
      return t('lib.sanctionAppMuteReason', { until, reason: reason ? t(reason) : s.reason });
    }
  }
}

/**
 * What keeps me from sending in a room, in words: a room mute (my member document), a user-wide
 * mute from the cross-room rate limiter (restrictions/{uid}), or having been removed or banned.
 * The composer shows `composer` in place of the text box; the pane shows `notice` where the
 * conversation is, so nobody meets a bare "The server refused this message."
 */
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

/** "14:30" today, "Tue 14:30" within a week, else the date and time. */
export function formatUntil(until: number, now: number, locale?: string): string {
  const at = new Date(until);
  const time = at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  const today = new Date(now);
  if (at.toDateString() === today.toDateString()) return time;
  if (until - now < 6 * 86_400_000) return `${at.toLocaleDateString(locale, { weekday: 'short' })} ${time}`;
  return `${at.toLocaleDateString(locale, { day: 'numeric', month: 'short' })} ${time}`;
}

/** What the composer says in place of the text box. */
export function describeSanction(s: Sanction, now: number, locale?: string): string {
  switch (s.kind) {
    case 'removed':
      return 'You were removed from this room, so you can no longer send messages here.';
    case 'banned':
      return 'You were banned from this room. You can no longer read or send messages here.';
    case 'muted': {
      const until = formatUntil(s.until, now, locale);
      if (s.scope === 'room') return `A moderator muted you in this room until ${until}. You can still read along.`;
      return `You are muted in every room until ${until}${s.reason ? ` for sending ${s.reason}` : ''}. You can still read along.`;
    }
  }
}

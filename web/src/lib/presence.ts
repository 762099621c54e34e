import { PRESENCE_STALE_MS, type PresenceState } from '@chat/shared';
import { t } from '../i18n';
import { formatAgo } from './time';

/** What others see: a heartbeat older than PRESENCE_STALE_MS means the tab is gone. */
export function effectiveState(state: PresenceState | null, lastSeenMs: number | null, nowMs: number): PresenceState {
  if (!state || lastSeenMs === null) return 'offline';
  if (nowMs - lastSeenMs > PRESENCE_STALE_MS) return 'offline';
  return state;
}

export function describePresence(state: PresenceState | null, lastSeenMs: number | null, nowMs: number): string {
  const effective = effectiveState(state, lastSeenMs, nowMs);
  if (effective === 'online') return t('presence.online');
  if (effective === 'away') return t('presence.away');
  return lastSeenMs === null ? t('presence.offline') : t('presence.lastSeen', { ago: formatAgo(lastSeenMs, nowMs) });
}

/** The user's state from all their tabs: online while any tab is visible. */
export function combineTabs(visibleByTab: Iterable<boolean>): PresenceState {
  let any = false;
  for (const visible of visibleByTab) {
    any = true;
    if (visible) return 'online';
  }
  return any ? 'away' : 'offline';
}

export interface WritePlan {
  /** write now */
  now: boolean;
  /** else write after this many ms (null: nothing to write) */
  laterMs: number | null;
}

/**
 * When the leader tab writes presence: a state change at once unless the last write is
 * younger than `minGapMs` (then when it is); otherwise a heartbeat once `heartbeatMs` passed.
 * Going away waits until every tab has been hidden for `awayAfterMs` (since `sinceMs`, when the
 * state became what it is): closing a tab hides it just before the page goes, and an 'away'
 * written then would land right before the unload's 'offline', which the rules' throttle on a
 * change of state would then refuse. A glance at another tab writes nothing either.
 */
export function planWrite(
  input: {
    state: PresenceState;
    lastWritten: PresenceState | null;
    lastWriteMs: number | null;
    nowMs: number;
    sinceMs?: number;
  },
  heartbeatMs: number,
  minGapMs: number,
  awayAfterMs = 0,
): WritePlan {
  const { state, lastWritten, lastWriteMs, nowMs, sinceMs = nowMs } = input;
  if (lastWriteMs === null) return { now: true, laterMs: null };
  const since = nowMs - lastWriteMs;
  const due = state !== lastWritten ? minGapMs : heartbeatMs;
  let wait = due - since;
  if (state === 'away' && lastWritten === 'online') wait = Math.max(wait, awayAfterMs - (nowMs - sinceMs));
  return wait <= 0 ? { now: true, laterMs: null } : { now: false, laterMs: wait };
}

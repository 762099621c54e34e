import { PRESENCE_STALE_MS, type PresenceState } from '@chat/shared';
import { formatAgo } from './time';

/** What others see: a heartbeat older than PRESENCE_STALE_MS means the tab is gone. */
export function effectiveState(state: PresenceState | null, lastSeenMs: number | null, nowMs: number): PresenceState {
  if (!state || lastSeenMs === null) return 'offline';
  if (nowMs - lastSeenMs > PRESENCE_STALE_MS) return 'offline';
  return state;
}

export function describePresence(state: PresenceState | null, lastSeenMs: number | null, nowMs: number): string {
  const effective = effectiveState(state, lastSeenMs, nowMs);
  if (effective === 'online') return 'Online';
  if (effective === 'away') return 'Away';
  return lastSeenMs === null ? 'Offline' : `Last seen ${formatAgo(lastSeenMs, nowMs)}`;
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
 */
export function planWrite(
  input: { state: PresenceState; lastWritten: PresenceState | null; lastWriteMs: number | null; nowMs: number },
  heartbeatMs: number,
  minGapMs: number,
): WritePlan {
  const { state, lastWritten, lastWriteMs, nowMs } = input;
  if (lastWriteMs === null) return { now: true, laterMs: null };
  const since = nowMs - lastWriteMs;
  const due = state !== lastWritten ? minGapMs : heartbeatMs;
  return since >= due ? { now: true, laterMs: null } : { now: false, laterMs: due - since };
}

import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import type { PresenceState } from '@chat/shared';
import { db } from '../firestore';
import type { PresenceDoc } from '../data/converters';
import { MAX_PRESENCE_WATCHED, subscribePresence } from '../data/presence';
import { describePresence, effectiveState } from '../lib/presence';
import { useNow } from './useNow';
import { useSubscription } from './useSubscription';

/** How often staleness is re-evaluated: someone whose heartbeats stopped turns offline without a new snapshot. */
const TICK_MS = 30_000;

export interface PresenceView {
  state: PresenceState;
  label: string;
  /** the last heartbeat, ms since the epoch (receipts call a message delivered after it) */
  lastSeen: number | null;
}

const OFFLINE: PresenceView = { state: 'offline', label: 'Offline', lastSeen: null };

/**
 * Presence of up to MAX_PRESENCE_WATCHED people (a room's member list), live, with
 * offline-by-staleness applied. The key is the sorted, joined uid list, so an unchanged list
 * does not re-subscribe.
 */
export function usePresence(uids: MaybeRefOrGetter<string[] | null>) {
  const key = computed(() => {
    const list = toValue(uids);
    return list ? [...new Set(list)].sort().slice(0, MAX_PRESENCE_WATCHED).join(',') : null;
  });
  const { data, pending, error } = useSubscription<string, PresenceDoc[]>(key, [], (joined, onData, onError) =>
    subscribePresence(db, joined ? joined.split(',') : [], onData, onError),
  );
  const now = useNow(TICK_MS);

  const byUid = computed(() => {
    const map = new Map<string, PresenceView>();
    for (const p of data.value) {
      const seen = p.lastSeen ? p.lastSeen.toMillis() : null;
      map.set(p.id, {
        state: effectiveState(p.state, seen, now.value),
        label: describePresence(p.state, seen, now.value),
        lastSeen: seen,
      });
    }
    return map;
  });

  function presenceOf(uid: string): PresenceView {
    return byUid.value.get(uid) ?? OFFLINE;
  }

  return { byUid, presenceOf, pending, error };
}

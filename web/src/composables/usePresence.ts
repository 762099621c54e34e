import { computed, onScopeDispose, ref, toValue, type MaybeRefOrGetter } from 'vue';
import type { PresenceState } from '@chat/shared';
import { db } from '../firestore';
import type { PresenceDoc } from '../data/converters';
import { subscribePresence } from '../data/presence';
import { describePresence, effectiveState } from '../lib/presence';
import { useSubscription } from './useSubscription';

/** How often staleness is re-evaluated: someone whose heartbeats stopped turns offline without a new snapshot. */
const TICK_MS = 30_000;

/** Presence of up to 30 people, live, with offline-by-staleness applied. */
export function usePresence(uids: MaybeRefOrGetter<string[] | null>) {
  const key = computed(() => {
    const list = toValue(uids);
    return list ? [...new Set(list)].sort().slice(0, 30).join(',') : null;
  });
  const { data, error } = useSubscription<string, PresenceDoc[]>(key, [], (joined, onData, onError) =>
    subscribePresence(db, joined ? joined.split(',') : [], onData, onError),
  );
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), TICK_MS);
  onScopeDispose(() => clearInterval(timer));

  const byUid = computed(() => {
    const map = new Map<string, { state: PresenceState; label: string }>();
    for (const p of data.value) {
      const seen = p.lastSeen ? p.lastSeen.toMillis() : null;
      map.set(p.id, {
        state: effectiveState(p.state, seen, now.value),
        label: describePresence(p.state, seen, now.value),
      });
    }
    return map;
  });

  function presenceOf(uid: string): { state: PresenceState; label: string } {
    return byUid.value.get(uid) ?? { state: 'offline', label: 'Offline' };
  }

  return { presenceOf, error };
}

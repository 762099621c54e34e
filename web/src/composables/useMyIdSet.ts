import { computed } from 'vue';
import { db } from '../firestore';
import type { Firestore } from 'firebase/firestore';
import { useAuthStore } from '../stores/auth';
import { useSubscription, type Subscription } from './useSubscription';

type SubscribeIds = (
  db: Firestore,
  uid: string,
  onData: (ids: string[]) => void,
  onError: (error: Error) => void,
) => () => void;

/**
 * A list of ids the signed-in user keeps (whom I block, the rooms I starred): its subscription,
 * re-made for each user and empty while signed out, and `has`, a lookup in it.
 */
export function useMyIdSet(subscribe: SubscribeIds): Subscription<string[]> & { has: (id: string) => boolean } {
  const auth = useAuthStore();
  const ids = useSubscription<string, string[]>(
    () => auth.uid,
    [],
    (uid, onData, onError) => subscribe(db, uid, onData, onError),
  );
  const set = computed(() => new Set(ids.data.value));
  return { ...ids, has: (id) => set.value.has(id) };
}

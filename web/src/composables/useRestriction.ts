import { db } from '../firestore';
import type { RestrictionDoc } from '../data/converters';
import { subscribeRestriction } from '../data/restrictions';
import { useAuthStore } from '../stores/auth';
import { useSubscription } from './useSubscription';

/** My user-wide mute from the cross-room rate limiter (null: none), live. */
export function useRestriction() {
  const auth = useAuthStore();
  const { data, pending, error } = useSubscription<string, RestrictionDoc | null>(
    () => auth.uid,
    null,
    (uid, onData, onError) => subscribeRestriction(db, uid, onData, onError),
  );
  return { restriction: data, pending, error };
}

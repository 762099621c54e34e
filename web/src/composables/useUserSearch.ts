import type { MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { UserDoc } from '../data/converters';
import { subscribeUserSearch } from '../data/users';
import { useSubscription } from './useSubscription';

/** People whose name starts with the term; nothing for null or blank. */
export function useUserSearch(term: MaybeRefOrGetter<string | null>) {
  const { data, pending, error } = useSubscription<string, UserDoc[]>(term, [], (t, onData, onError) =>
    subscribeUserSearch(db, t, onData, onError),
  );
  return { users: data, pending, error };
}

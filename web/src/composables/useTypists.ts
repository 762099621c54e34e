import type { MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { TypingDoc } from '../data/converters';
import { subscribeTyping } from '../data/typing';
import { useSubscription } from './useSubscription';

/** The room's typing documents; lib/typing decides which are recent enough to show. */
export function useTypists(roomId: MaybeRefOrGetter<string | null>) {
  const { data, pending, error } = useSubscription<string, TypingDoc[]>(
    roomId,
    [],
    (id, onData, onError) => subscribeTyping(db, id, onData, onError),
    { linger: true },
  );
  return { typists: data, pending, error };
}

import type { MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { PresenceDoc } from '../data/converters';
import { subscribePresenceOf } from '../data/receipts';
import { useSubscription } from './useSubscription';

/**
 * Presence of a few users (the first PRESENCE_BATCH), for "delivered". The key is the sorted,
 * joined uid list so an unchanged member list does not re-subscribe.
 */
export function usePresenceOf(uidsKey: MaybeRefOrGetter<string | null>) {
  const { data, error } = useSubscription<string, PresenceDoc[]>(uidsKey, [], (key, onData, onError) =>
    subscribePresenceOf(db, key.split(',').filter(Boolean), onData, onError),
  );
  return { presence: data, error };
}

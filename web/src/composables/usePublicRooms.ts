import { toValue, type MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { RoomDoc } from '../data/converters';
import { subscribePublicRooms } from '../data/rooms';
import { useSubscription } from './useSubscription';

/** Public rooms to browse while `active` is true (a dialog is open). */
export function usePublicRooms(active: MaybeRefOrGetter<boolean>) {
  const { data, pending, error } = useSubscription<true, RoomDoc[]>(
    () => toValue(active) || null,
    [],
    (_key, onData, onError) => subscribePublicRooms(db, onData, onError),
  );
  return { rooms: data, pending, error };
}

import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { RoomDoc } from '../data/converters';
import { subscribeNewPublicRooms, subscribePublicRooms } from '../data/rooms';
import { useSubscription } from './useSubscription';

/** When a room was last active: its last message, or its creation while it has none. */
const activeAt = (room: RoomDoc) => (room.lastMessageAt ?? room.createdAt)?.toMillis() ?? 0;

/**
 * Public rooms to browse while `active` is true (a dialog is open): the most active and the
 * newest (which have no message yet, so no place among the active), once each, latest first.
 */
export function usePublicRooms(active: MaybeRefOrGetter<boolean>) {
  const key = () => toValue(active) || null;
  const busiest = useSubscription<true, RoomDoc[]>(key, [], (_key, onData, onError) =>
    subscribePublicRooms(db, onData, onError),
  );
  const newest = useSubscription<true, RoomDoc[]>(key, [], (_key, onData, onError) =>
    subscribeNewPublicRooms(db, onData, onError),
  );
  const rooms = computed(() => {
    const byId = new Map([...busiest.data.value, ...newest.data.value].map((room) => [room.id, room]));
    return [...byId.values()].sort((a, b) => activeAt(b) - activeAt(a));
  });
  const pending = computed(() => busiest.pending.value || newest.pending.value);
  const error = computed(() => busiest.error.value ?? newest.error.value);
  return { rooms, pending, error };
}

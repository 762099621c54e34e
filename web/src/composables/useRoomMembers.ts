import type { MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { MemberDoc } from '../data/converters';
import { subscribeMembers } from '../data/rooms';
import { useSubscription } from './useSubscription';

/** The members of a room (up to 100), live. */
export function useRoomMembers(roomId: MaybeRefOrGetter<string | null>) {
  const { data, pending, error } = useSubscription<string, MemberDoc[]>(roomId, [], (id, onData, onError) =>
    subscribeMembers(db, id, onData, onError),
  );
  return { members: data, pending, error };
}

import type { MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { MemberDoc } from '../data/converters';
import { subscribeMembers } from '../data/receipts';
import { useSubscription } from './useSubscription';

/** The members of the open room, for mentions, reaction names, "seen by" and the reader's role. */
export function useConversationMembers(roomId: MaybeRefOrGetter<string | null>) {
  const { data, error } = useSubscription<string, MemberDoc[]>(roomId, [], (id, onData, onError) =>
    subscribeMembers(db, id, onData, onError),
  );
  return { members: data, error };
}

import type { MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { InviteDoc } from '../data/converters';
import { subscribeInvites } from '../data/invites';
import { useSubscription } from './useSubscription';

/** A room's invites that are not revoked (owners and admins may list them). */
export function useInvites(roomId: MaybeRefOrGetter<string | null>) {
  const { data, pending, error } = useSubscription<string, InviteDoc[]>(roomId, [], (id, onData, onError) =>
    subscribeInvites(db, id, onData, onError),
  );
  return { invites: data, pending, error };
}

import type { TermSetting } from '@chat/shared';
import type { MaybeRefOrGetter } from 'vue';
import { subscribeBlocklist } from '../data/blocklist';
import { db } from '../firestore';
import { useSubscription } from './useSubscription';

/** Whose blocklist: a room's, or the app's (`roomId` null). */
export interface BlocklistScope {
  roomId: string | null;
}

/** A blocklist's terms, live (another moderator's change shows as it is made). */
export function useBlocklist(scope: MaybeRefOrGetter<BlocklistScope | null>) {
  const { data, pending, error } = useSubscription<BlocklistScope, Record<string, TermSetting>>(
    scope,
    {},
    (s, onData, onError) => subscribeBlocklist(db, s.roomId, onData, onError),
  );
  return { terms: data, pending, error };
}

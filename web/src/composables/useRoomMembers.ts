import { computed, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { MemberDoc } from '../data/converters';
import { readMember, subscribeMembers, subscribeMyMembership } from '../data/rooms';
import { useSubscription } from './useSubscription';

/** The members of a room (up to 100, the rules' list cap), live. */
export function useRoomMembers(roomId: MaybeRefOrGetter<string | null>) {
  const { data, pending, error } = useSubscription<string, MemberDoc[]>(
    roomId,
    [],
    (id, onData, onError) => subscribeMembers(db, id, onData, onError),
    { linger: true },
  );
  return { members: data, pending, error };
}

/**
 * My own member document of a room, live: my role, my mute, and whether I am still in. Read by
 * itself, not found in the member list, which holds only the first 100 members (by uid): in a
 * bigger room most members are not in it.
 */
export function useMyMembership(roomId: MaybeRefOrGetter<string | null>, uid: MaybeRefOrGetter<string | null>) {
  // one key for both, so a change of either re-subscribes once; '/' is in neither a room id nor a uid
  const key = computed(() => {
    const [r, u] = [toValue(roomId), toValue(uid)];
    return r && u ? `${r}/${u}` : null;
  });
  const { data, pending, error } = useSubscription<string, MemberDoc | null>(
    key,
    null,
    (k, onData, onError) => {
      const [r, u] = k.split('/') as [string, string];
      return subscribeMyMembership(db, r, u, onData, onError);
    },
    { linger: true },
  );
  return { me: data, pending, error };
}

/**
 * The names of people the loaded messages mention who are not on the member page (a room of more
 * than 100): each one's member document is read once per room, so their @mentions show as
 * mentions too. A former member's document is gone, and a mention of them stays plain text.
 */
export function useMentionedNames(roomId: MaybeRefOrGetter<string | null>, unknown: () => string[]) {
  const names = shallowRef(new Map<string, string>());
  const asked = new Set<string>();
  watch(
    () => toValue(roomId),
    () => {
      names.value = new Map();
      asked.clear();
    },
  );
  watch(
    unknown,
    (uids) => {
      const room = toValue(roomId);
      if (!room) return;
      for (const uid of uids) {
        if (asked.has(uid)) continue;
        asked.add(uid);
        void readMember(db, room, uid).then((member) => {
          if (member && toValue(roomId) === room) names.value = new Map(names.value).set(uid, member.displayName);
        });
      }
    },
    { immediate: true },
  );
  return names;
}

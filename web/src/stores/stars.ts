import { MAX_STARRED_ROOMS } from '@chat/shared';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { setStarred, subscribeStarred } from '../data/sidebar';
import { UserError } from '../lib/errors';
import { db } from '../firestore';
import { useAuthStore } from './auth';

/**
 * The rooms the user starred (users/{uid}/settings/sidebar), for the sidebar's Starred section
 * and the header's star: data, pending and error of its subscription, and the toggle.
 */
export const useStarsStore = defineStore('stars', () => {
  const auth = useAuthStore();
  const starred = shallowRef<string[]>([]);
  const pending = ref(false);
  const error = shallowRef<Error | null>(null);
  const set = computed(() => new Set(starred.value));
  let stop: (() => void) | null = null;

  watch(
    () => auth.uid,
    (uid) => {
      stop?.();
      stop = null;
      starred.value = [];
      error.value = null;
      pending.value = uid !== null;
      if (uid)
        stop = subscribeStarred(
          db,
          uid,
          (ids) => {
            starred.value = ids;
            pending.value = false;
          },
          (e) => {
            error.value = e;
            pending.value = false;
          },
        );
    },
    { immediate: true },
  );

  const isStarred = (roomId: string) => set.value.has(roomId);

  async function toggle(roomId: string): Promise<void> {
    if (!auth.uid) throw new UserError('You are signed out.');
    const on = !isStarred(roomId);
    if (on && starred.value.length >= MAX_STARRED_ROOMS)
      throw new UserError(`You can star up to ${MAX_STARRED_ROOMS} rooms. Unstar one first.`);
    await setStarred(db, auth.uid, roomId, on);
  }

  return { starred, pending, error, isStarred, toggle };
});

import { MAX_STARRED_ROOMS } from '@chat/shared';
import { defineStore } from 'pinia';
import { useMyIdSet } from '../composables/useMyIdSet';
import { setStarred, subscribeStarred } from '../data/sidebar';
import { t } from '../i18n';
import { UserError } from '../lib/errors';
import { db } from '../firestore';
import { useAuthStore } from './auth';

/**
 * The rooms the user starred (users/{uid}/settings/sidebar), for the sidebar's Starred section
 * and the header's star: data, pending and error of its subscription, and the toggle.
 */
export const useStarsStore = defineStore('stars', () => {
  const auth = useAuthStore();
  const { data: starred, pending, error, has: isStarred } = useMyIdSet(subscribeStarred);

  async function toggle(roomId: string): Promise<void> {
    if (!auth.uid) throw new UserError(t('store.signedOut'));
    const on = !isStarred(roomId);
    if (on && starred.value.length >= MAX_STARRED_ROOMS)
      throw new UserError(t('store.starLimit', { max: MAX_STARRED_ROOMS }));
    await setStarred(db, auth.uid, roomId, on);
  }

  return { starred, pending, error, isStarred, toggle };
});

import { defineStore } from 'pinia';
import { useMyIdSet } from '../composables/useMyIdSet';
import { blockUser, subscribeBlocks, unblockUser } from '../data/blocks';
import { db } from '../firestore';
import { t } from '../i18n';
import { UserError } from '../lib/errors';
import { useAuthStore } from './auth';

/**
 * The people I block (users/{me}/blocks): data, pending and error of its subscription, and
 * block/unblock. Whom I am blocked by is never readable; the rules enforce it.
 */
export const useBlocksStore = defineStore('blocks', () => {
  const auth = useAuthStore();
  const { data: blocked, pending, error, has: isBlocked } = useMyIdSet(subscribeBlocks);

  function me(other: string): string {
    if (!auth.uid) throw new UserError(t('store.signedOut'));
    if (other === auth.uid) throw new UserError(t('store.cannotBlockSelf'));
    return auth.uid;
  }

  async function block(uid: string): Promise<void> {
    const self = me(uid);
    if (isBlocked(uid)) return;
    await blockUser(db, self, uid);
  }

  async function unblock(uid: string): Promise<void> {
    const self = me(uid);
    if (!isBlocked(uid)) return;
    await unblockUser(db, self, uid);
  }

  return { blocked, pending, error, isBlocked, block, unblock };
});

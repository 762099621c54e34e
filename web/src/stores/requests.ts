import { defineStore } from 'pinia';
import { computed } from 'vue';
import { useSubscription } from '../composables/useSubscription';
import type { RequestDoc } from '../data/converters';
import { acceptRequest, subscribePendingRequests } from '../data/requests';
import { db } from '../firestore';
import { t } from '../i18n';
import { UserError } from '../lib/errors';
import { useAuthStore } from './auth';

/**
 * Pending message requests (requests/{roomId}) on both sides: those sent to me, which the rooms
 * store keeps out of my conversations, unread totals and notifications until I accept, and those
 * I sent, which the conversation marks as waiting. `settled` is false until the requests sent to
 * me have answered once: until then a direct room someone else made may still be a request.
 */
export const useRequestsStore = defineStore('requests', () => {
  const auth = useAuthStore();
  const subscribe =
    (side: 'to' | 'from') => (uid: string, onData: (r: RequestDoc[]) => void, onError: (e: Error) => void) =>
      subscribePendingRequests(db, uid, side, onData, onError);
  const incoming = useSubscription<string, RequestDoc[]>(() => auth.uid, [], subscribe('to'));
  const outgoing = useSubscription<string, RequestDoc[]>(() => auth.uid, [], subscribe('from'));

  const incomingIds = computed(() => new Set(incoming.data.value.map((r) => r.id)));
  const outgoingIds = computed(() => new Set(outgoing.data.value.map((r) => r.id)));
  // an error settles it too: the sidebar says why, and the conversations show rather than vanish
  const settled = computed(() => !incoming.pending.value);
  const error = computed(() => incoming.error.value ?? outgoing.error.value);

  /** Whether the direct room is a request: sent to me and waiting for me, or sent by me and waiting. */
  function sideOf(roomId: string): 'incoming' | 'outgoing' | null {
    if (incomingIds.value.has(roomId)) return 'incoming';
    if (outgoingIds.value.has(roomId)) return 'outgoing';
    return null;
  }

  async function accept(roomId: string): Promise<void> {
    if (!auth.uid) throw new UserError(t('store.signedOut'));
    if (!incomingIds.value.has(roomId)) return;
    await acceptRequest(db, roomId);
  }

  return { incomingIds, outgoingIds, settled, error, sideOf, accept };
});

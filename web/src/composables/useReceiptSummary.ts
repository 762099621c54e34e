import { isDirectRoomId } from '@chat/shared';
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { ReadCursorDoc, ReceiptSummaryDoc } from '../data/converters';
import { subscribePeerCursor, subscribeReceiptSummary } from '../data/receipts';
import { useSubscription } from './useSubscription';

/**
 * Members' read cursors in the room, in the shape of rooms/{roomId}/receipts/summary, which the
 * server coalesces from them. A direct room keeps no summary: its one other reader's cursor is
 * read directly, so reading a message costs that cursor's write and nothing on the server, and
 * "Read" shows as soon as it lands.
 */
export function useReceiptSummary(
  roomId: MaybeRefOrGetter<string | null>,
  peer: MaybeRefOrGetter<{ uid: string; name: string } | null>,
) {
  const group = useSubscription<string, ReceiptSummaryDoc | null>(
    () => {
      const id = toValue(roomId);
      return id && !isDirectRoomId(id) ? id : null;
    },
    null,
    (id, onData, onError) => subscribeReceiptSummary(db, id, onData, onError),
    { linger: true },
  );
  // keyed by a string: a new object per evaluation would re-subscribe on every change (uids hold no space)
  const direct = useSubscription<string, ReadCursorDoc | null>(
    () => {
      const id = toValue(roomId);
      const uid = toValue(peer)?.uid;
      return id && isDirectRoomId(id) && uid ? `${id} ${uid}` : null;
    },
    null,
    (key, onData, onError) => {
      const [id = '', uid = ''] = key.split(' ');
      return subscribePeerCursor(db, id, uid, onData, onError);
    },
    // a refusal may pass (the rules' block lookup failing under load, a block lifted): a listener
    // closed for good would show no "Read" for the rest of the conversation
    { retry: true, linger: true },
  );
  const summary = computed<ReceiptSummaryDoc | null>(() => {
    const id = toValue(roomId);
    if (!id || !isDirectRoomId(id)) return group.data.value;
    const cursor = direct.data.value;
    const other = toValue(peer);
    if (!cursor || !other) return null;
    return {
      id: 'summary',
      reads: { [other.uid]: { at: cursor.lastReadAt, messageId: cursor.lastReadId, name: other.name } },
      updatedAt: cursor.updatedAt,
    };
  });
  const pending = computed(() => group.pending.value || direct.pending.value);
  // The rules refuse the other person's cursor to someone they block: that shows as no receipts
  // (as a blocked person sees in the chats people know), never as a failed conversation, which
  // would tell them of the block.
  return { summary, pending, error: group.error };
}

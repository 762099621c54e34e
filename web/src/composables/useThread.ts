import { computed, ref, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { MessageDoc } from '../data/converters';
import { inView } from '../lib/outbox';
import { pageState } from '../lib/pageState';
import { useMessagesStore } from '../stores/messages';
import { useOutboxStore } from '../stores/outbox';
import { useQuotesStore } from '../stores/quotes';
import { useComposer, type ComposerSend } from './useComposer';
import { useConversationContext } from './useConversation';
import { useTypingLine } from './useConversationSignals';
import { useThreadReplies } from './useThreadReplies';

/**
 * One open thread of the open room (the conversation above provides the room): its first message
 * (from the room's loaded history, else watched on its own), its replies, its own composer and
 * typing line, my unsent replies, and its read mark, moved while the thread is on screen.
 */
export function useThread(threadId: MaybeRefOrGetter<string | null>) {
  const c = useConversationContext();
  const outboxStore = useOutboxStore();
  const messagesStore = useMessagesStore();
  const quotes = useQuotesStore();
  const id = computed(() => toValue(threadId));
  const replies = useThreadReplies(c.roomId, id);

  /** undefined while it loads, null when it does not exist or cannot be read */
  const parent = computed<MessageDoc | null | undefined>(() => {
    const room = c.roomId.value;
    const thread = id.value;
    if (!room || !thread) return null;
    return c.history.messages.value.find((m) => m.id === thread) ?? quotes.message(room, thread);
  });

  const composer = useComposer(c.roomId, id);
  /** "Also send to the room": the reply shows in the room's history too */
  const alsoToRoom = ref(false);
  watch(id, () => (alsoToRoom.value = false));

  const outbox = computed(() => {
    const thread = id.value;
    if (!thread) return [];
    return outboxStore.forRoom(c.roomId.value).filter((e) => e.authorId === c.myUid.value && inView(e, thread));
  });
  const typing = useTypingLine(c.typists, c.myUid, () => id.value);

  // what each snapshot of the replies says about my pending ones (as the room's history does)
  watch([replies.messages, replies.pendingIds, replies.vanishedIds, replies.fromCache], () => {
    const room = c.roomId.value;
    if (!room || !id.value) return;
    messagesStore.reconcile({
      roomId: room,
      threadId: id.value,
      present: new Map(replies.messages.value.map((m) => [m.id, replies.pendingIds.value.has(m.id)])),
      vanished: replies.vanishedIds.value,
      fromServer: !replies.fromCache.value,
    });
  });

  // the replies on screen in a visible page are read: the mark moves when there is a newer one
  watch(
    [id, () => replies.messages.value.at(-1), () => replies.pending.value, () => pageState.visible, replies.fromCache],
    ([thread, newest, loading, visible, cached]) => {
      // only what the server confirmed: a cached page may lack the newest replies
      if (!thread || loading || !visible || cached) return;
      c.threads.markRead(thread, newest?.createdAt?.toMillis() ?? 0);
    },
    { immediate: true },
  );

  async function send(out: ComposerSend) {
    const thread = id.value;
    if (!thread) return;
    if (await c.submit(out, composer, { id: thread, inRoom: alsoToRoom.value })) alsoToRoom.value = false;
  }

  function editLast() {
    const last = [...replies.messages.value].reverse().find((m) => m.authorId === c.myUid.value && c.can.value.edit(m));
    if (last) composer.startEdit(last);
  }

  return { id, parent, replies, composer, alsoToRoom, outbox, typing, send, editLast };
}

export type Thread = ReturnType<typeof useThread>;

import { computed, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { MessageDoc } from '../data/converters';
import { uniqueCandidates, type MentionCandidate } from '../lib/mentions';
import type { OutboxEntry } from '../lib/outbox';
import { useAttachmentsStore, type Draft } from '../stores/attachments';
import { useTypingStore } from '../stores/typing';

export interface ReplyTarget {
  id: string;
  authorName: string;
  excerpt: string;
}

/** What the composer hands up on Enter or Send: a message (with its file, if any) or an edit. */
export type ComposerSend =
  | { kind: 'message'; text: string; mentions: string[]; replyTo: ReplyTarget | null; file: Draft | null }
  | { kind: 'edit'; id: string; text: string };

/**
 * The draft of the open room's composer (or of a thread's, with `threadId`): its text, the message it replies to or edits, its file
 * (kept per room by the attachments store, so it waits in its room), and the problem the last
 * send ran into. Created once per open room (by useConversation), so a
 * message's Reply or Edit, or a failed send's Edit, change the draft and the composer follows:
 * nobody calls into the composer. `focusRequest` moves on whenever the composer should take the
 * focus with the caret at the end. `picked` holds the members chosen from the @mention list
 * in this room, so a send resolves a name the server's search found past the loaded members; it
 * outlives a send, so a refused message put back in the draft (restore) still resolves them.
 */
export function useComposer(roomId: MaybeRefOrGetter<string | null>, threadId: MaybeRefOrGetter<string | null> = null) {
  const typingStore = useTypingStore();
  const attachments = useAttachmentsStore();
  /** a thread's composer carries text only: the room's file draft stays with the room's composer */
  const inThread = computed(() => toValue(threadId) !== null);
  const text = ref('');
  const replyTo = shallowRef<ReplyTarget | null>(null);
  const editingId = ref<string | null>(null);
  const error = ref('');
  /** a send or an edit handed up and not answered yet: Enter does nothing meanwhile */
  const busy = ref(false);
  const focusRequest = ref(0);
  const picked = shallowRef<MentionCandidate[]>([]);
  const attachment = computed(() => {
    const id = toValue(roomId);
    return id && !inThread.value ? (attachments.drafts[id] ?? null) : null;
  });

  watch(
    () => [toValue(roomId), toValue(threadId)],
    () => {
      text.value = '';
      replyTo.value = null;
      editingId.value = null;
      error.value = '';
      picked.value = [];
    },
  );

  const focus = () => (focusRequest.value += 1);

  function startReply(m: MessageDoc) {
    if (editingId.value) text.value = '';
    editingId.value = null;
    replyTo.value = { id: m.id, authorName: m.authorName, excerpt: m.text.slice(0, 100) };
    focus();
  }

  function startEdit(m: MessageDoc) {
    replyTo.value = null;
    editingId.value = m.id;
    text.value = m.text;
    error.value = '';
    focus();
  }

  /** A message the server refused goes back into the draft, reply and all, to be changed and sent again. */
  function restore(entry: OutboxEntry, file: Uint8Array | null = null) {
    const id = toValue(roomId);
    editingId.value = null;
    replyTo.value = entry.replyTo;
    text.value = entry.text;
    if (id && entry.file && file && !inThread.value) attachments.restore(id, entry.file, file);
    focus();
  }

  /** A member chosen from the @mention list, for the send to resolve. */
  function pickMention(candidate: MentionCandidate) {
    picked.value = uniqueCandidates(picked.value, [candidate]);
  }

  /** Escape: leaves an edit (dropping its text), or else drops the reply. */
  function cancel() {
    if (editingId.value) {
      editingId.value = null;
      text.value = '';
    } else replyTo.value = null;
    error.value = '';
  }

  function outgoing(mentions: string[]): ComposerSend {
    return editingId.value
      ? { kind: 'edit', id: editingId.value, text: text.value }
      : { kind: 'message', text: text.value, mentions, replyTo: replyTo.value, file: attachment.value };
  }

  /**
   * The send was queued (or the edit saved) from room `from`: the draft starts over; the outbox
   * has the file now. The typing signal goes once `queued` has settled (the message's write is in
   * the write queue), so its removal follows the message to the server instead of holding it
   * back. Left for another room meanwhile, only the file draft of the room it came from goes.
   */
  function sent(from: string, queued?: Promise<unknown>) {
    if (!editingId.value && !inThread.value) attachments.discard(from);
    if (toValue(roomId) !== from) return;
    text.value = '';
    replyTo.value = null;
    editingId.value = null;
    error.value = '';
    idle(queued);
  }

  /** A keystroke with text in the box: tell the room (throttled); an edit is not news. */
  function typed() {
    const id = toValue(roomId);
    error.value = '';
    if (id && !editingId.value && text.value.trim()) typingStore.typing(id, toValue(threadId));
  }

  function idle(after?: Promise<unknown>) {
    const id = toValue(roomId);
    if (id) typingStore.stopped(id, after);
  }

  return {
    text,
    replyTo,
    editingId,
    attachment,
    error,
    busy,
    focusRequest,
    picked,
    startReply,
    startEdit,
    restore,
    cancel,
    outgoing,
    sent,
    typed,
    idle,
    pickMention,
  };
}

export type Composer = ReturnType<typeof useComposer>;

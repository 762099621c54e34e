import { computed, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { MessageDoc } from '../data/converters';
import { draftKey, type ReplyTarget } from '../lib/drafts';
import { uniqueCandidates, type MentionCandidate } from '../lib/mentions';
import type { OutboxEntry } from '../lib/outbox';
import { useAttachmentsStore, type Draft } from '../stores/attachments';
import { useDraftsStore } from '../stores/drafts';
import { useTypingStore } from '../stores/typing';

export type { ReplyTarget };

/** What the composer hands up on Enter or Send: a message (with its file, if any) or an edit. */
export type ComposerSend =
  | { kind: 'message'; text: string; mentions: string[]; replyTo: ReplyTarget | null; file: Draft | null }
  | { kind: 'edit'; id: string; text: string };

/**
 * The draft of the open room's composer (or of a thread's, with `threadId`): its text and the
 * message it replies to (kept per room and per thread by the drafts store, so they wait there
 * while another room is open, and past a reload), the message it edits (the draft comes back when
 * the edit is saved or left), its file (kept per room by the attachments store), and the problem
 * the last send ran into. Created once per open room (by useConversation), so a
 * message's Reply or Edit, or a failed send's Edit, change the draft and the composer follows:
 * nobody calls into the composer. `focusRequest` moves on whenever the composer should take the
 * focus with the caret at the end. `picked` holds the members chosen from the @mention list
 * in this room, so a send resolves a name the server's search found past the loaded members; it
 * outlives a send, so a refused message put back in the draft (restore) still resolves them.
 */
export function useComposer(roomId: MaybeRefOrGetter<string | null>, threadId: MaybeRefOrGetter<string | null> = null) {
  const typingStore = useTypingStore();
  const attachments = useAttachmentsStore();
  const drafts = useDraftsStore();
  /** a thread's composer carries text only: the room's file draft stays with the room's composer */
  const inThread = computed(() => toValue(threadId) !== null);
  const key = computed(() => {
    const id = toValue(roomId);
    return id ? draftKey(id, toValue(threadId)) : null;
  });
  const editingId = ref<string | null>(null);
  /** the text of the message being edited; the draft waits meanwhile */
  const editText = ref('');
  /** a draft where there is no room to keep it under */
  const loose = shallowRef<{ text: string; replyTo: ReplyTarget | null }>({ text: '', replyTo: null });
  const draftAt = (at: string | null) => (at ? (drafts.get(at) ?? { text: '', replyTo: null }) : loose.value);
  const stored = computed(() => draftAt(key.value));
  /** Changes the draft kept under `at` (the open room's or thread's unless said). */
  function keep(change: { text?: string; replyTo?: ReplyTarget | null }, at: string | null = key.value) {
    const { text, replyTo } = { ...draftAt(at), ...change };
    if (at) drafts.set(at, text, replyTo);
    else loose.value = { text, replyTo };
  }
  const text = computed({
    get: () => (editingId.value ? editText.value : stored.value.text),
    set: (value: string) => {
      if (editingId.value) editText.value = value;
      else keep({ text: value });
    },
  });
  const replyTo = computed({
    get: () => stored.value.replyTo,
    set: (value: ReplyTarget | null) => keep({ replyTo: value }),
  });
  const error = ref('');
  /** a message handed up and not queued yet (its file still being kept): Enter does nothing meanwhile */
  const busy = ref(false);
  const focusRequest = ref(0);
  const picked = shallowRef<MentionCandidate[]>([]);
  const attachment = computed(() => {
    const id = toValue(roomId);
    return id && !inThread.value ? (attachments.drafts[id] ?? null) : null;
  });

  watch(key, () => {
    editingId.value = null;
    editText.value = '';
    error.value = '';
    picked.value = [];
  });

  const focus = () => (focusRequest.value += 1);

  function leaveEdit() {
    editingId.value = null;
    editText.value = '';
  }

  function startReply(m: MessageDoc) {
    leaveEdit();
    replyTo.value = { id: m.id, authorName: m.authorName, excerpt: m.text.slice(0, 100) };
    focus();
  }

  function startEdit(m: MessageDoc) {
    editingId.value = m.id;
    editText.value = m.text;
    error.value = '';
    focus();
  }

  /** A message the server refused goes back into the draft, reply and all, to be changed and sent again. */
  function restore(entry: OutboxEntry, file: Uint8Array | null = null) {
    const id = toValue(roomId);
    leaveEdit();
    keep({ text: entry.text, replyTo: entry.replyTo });
    if (id && entry.file && file && !inThread.value) attachments.restore(id, entry.file, file);
    focus();
  }

  /** A member chosen from the @mention list, for the send to resolve. */
  function pickMention(candidate: MentionCandidate) {
    picked.value = uniqueCandidates(picked.value, [candidate]);
  }

  /** Escape: leaves an edit (dropping its text; the draft comes back), or else drops the reply. */
  function cancel() {
    if (editingId.value) leaveEdit();
    else replyTo.value = null;
    error.value = '';
  }

  /** the draft the last message handed up came from, to empty once it is queued */
  let handedUp: { roomId: string | null; key: string | null } = { roomId: null, key: null };

  function outgoing(mentions: string[]): ComposerSend {
    if (editingId.value) return { kind: 'edit', id: editingId.value, text: text.value };
    handedUp = { roomId: toValue(roomId), key: key.value };
    return { kind: 'message', text: text.value, mentions, replyTo: replyTo.value, file: attachment.value };
  }

  /**
   * The send was queued (or the edit saved): that draft starts over, in its room even if another
   * is open by now; the outbox has the file now. The typing signal goes once `queued` has settled
   * (the message's write is in the write queue), so its removal follows the message to the server
   * instead of holding it back.
   */
  function sent(queued?: Promise<unknown>) {
    if (editingId.value) leaveEdit();
    else {
      if (handedUp.roomId && !inThread.value) attachments.discard(handedUp.roomId);
      keep({ text: '', replyTo: null }, handedUp.key);
      if (handedUp.key !== key.value) return;
    }
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

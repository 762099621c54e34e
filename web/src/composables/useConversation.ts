import { RECEIPTS_MAX_MEMBERS } from '@chat/shared';
import {
  computed,
  inject,
  provide,
  ref,
  shallowRef,
  toValue,
  watch,
  type InjectionKey,
  type MaybeRefOrGetter,
} from 'vue';
import type { MessageDoc } from '../data/converters';
import { t, type Key } from '../i18n';
import { errorCode, errorMessage, UserError } from '../lib/errors';
import { inView, type OutboxEntry } from '../lib/outbox';
import { quoteOf, type Quote } from '../lib/quote';
import { useAuthStore } from '../stores/auth';
import { useMessagesStore } from '../stores/messages';
import { useOutboxStore } from '../stores/outbox';
import { useQuotesStore } from '../stores/quotes';
import { useReactionsStore } from '../stores/reactions';
import { useRoomsStore } from '../stores/rooms';
import { useUsersStore } from '../stores/users';
import { useComposer, type Composer, type ComposerSend } from './useComposer';
import { useConversationSignals } from './useConversationSignals';
import { useFailure } from './useFailure';
import { usePermissions } from './usePermissions';
import { usePresence } from './usePresence';
import { useReceiptSummary } from './useReceiptSummary';
import { useMentionedNames, useMyMembership, useRoomMembers } from './useRoomMembers';
import { useRoomMessages } from './useRoomMessages';
import { useSanction } from './useSanction';
import { useThreads } from './useThreads';
import { useTypists } from './useTypists';

/**
 * The open room, created once (by RoomPane) and provided to everything below it: its messages,
 * members and their names, presence, my role and what it permits, receipts, the typing line, my
 * outbox, the composer's draft, and the actions on messages. Each subscription exists once per
 * room, however many components show it; `problem` says when one of them failed (a member who
 * was removed is refused by the rules from then on).
 */
export function useConversation(roomId: MaybeRefOrGetter<string | null>) {
  const auth = useAuthStore();
  const rooms = useRoomsStore();
  const users = useUsersStore();
  const outboxStore = useOutboxStore();
  const messagesStore = useMessagesStore();
  const id = computed(() => toValue(roomId));

  const history = useRoomMessages(id);
  const members = useRoomMembers(id);
  const membership = useMyMembership(id, () => auth.uid);
  const presence = usePresence(() => (id.value ? members.members.value.map((m) => m.uid) : null));
  // receipts name their readers in rooms up to RECEIPTS_MAX_MEMBERS; a bigger one keeps none. A
  // direct room's come from the other person's cursor.
  const receiptSummary = useReceiptSummary(
    () => (id.value && (rooms.roomById(id.value)?.room.memberCount ?? 0) <= RECEIPTS_MAX_MEMBERS ? id.value : null),
    () => {
      const entry = rooms.roomById(id.value);
      return entry?.otherUid ? { uid: entry.otherUid, name: entry.title } : null;
    },
  );
  const typists = useTypists(id);

  const room = computed(() => rooms.roomById(id.value)?.room ?? null);
  const myUid = computed(() => auth.uid);
  const me = computed(() => membership.me.value);
  /** my member document is known to be gone (the list of the first 100 cannot tell, in a big room) */
  const notAMember = computed(() => !membership.pending.value && membership.error.value === null && !me.value);
  /** people in the room, from the room document (the member list stops at 100) */
  const memberCount = computed(() => room.value?.memberCount ?? members.members.value.length);
  const can = usePermissions(me, () => room.value?.kind ?? null);
  const pageNames = computed(() => {
    const byUid = new Map(members.members.value.map((m) => [m.uid, m.displayName]));
    // in a room of more than 100 I may not be in the loaded page, and my name is still mine
    if (me.value) byUid.set(me.value.uid, me.value.displayName);
    return byUid;
  });
  const mentionedNames = useMentionedNames(id, () => [
    ...new Set(history.messages.value.flatMap((m) => m.mentions ?? []).filter((uid) => !pageNames.value.has(uid))),
  ]);
  /** Members' names by uid: the member page, me, and whoever the loaded messages mention. */
  const names = computed(() => new Map([...mentionedNames.value, ...pageNames.value]));
  // the room's own history shows my room messages and my thread replies also sent to the room
  const outbox = computed(() => outboxStore.forRoom(id.value).filter((e) => e.authorId === auth.uid && inView(e, null)));
  const { typing, group, receipts } = useConversationSignals({
    myUid,
    messages: history.messages,
    pendingIds: history.pendingIds,
    members: members.members,
    summary: receiptSummary.summary,
    presence: presence.byUid,
    typists: typists.typists,
  });
  const composer = useComposer(id);
  const threads = useThreads(id);

  const listeners = [history.error, members.error, membership.error, receiptSummary.error, typists.error];
  /** Taken out of the room: my member document went, or the rules refuse what members may read. */
  const gone = computed(() => notAMember.value || listeners.some((e) => errorCode(e.value) === 'permission-denied'));
  /** A mute, a removal or a ban, in words (lib/sanctions); the composer shows it instead of the box. */
  const { sanction, words: sanctionWords } = useSanction(id, me, gone);

  /**
   * Why the server refused a send, in words: a sanction; in a direct room a block (the rules
   * refuse both ways); elsewhere, for a message that mentions people, a block by one of them (the
   * rules refuse a mention of someone who blocks the sender). Whom I am blocked by is not
   * readable, so the words stay neutral.
   */
  function refusalFor(send: { mentions: readonly string[] }): string | null {
    if (sanctionWords.value) return sanctionWords.value;
    const entry = rooms.roomById(id.value);
    if (entry?.room.kind === 'direct') return t('conv.notDeliveredDirect', { name: entry.title });
    if (send.mentions.length > 0) return t('conv.notDeliveredMention');
    return null;
  }

  /** What stops the conversation: a removal or ban in words, else a listener that failed. */
  const problem = computed(() => {
    const gone = t('conv.gone');
    if (sanction.value && sanction.value.kind !== 'muted') return sanctionWords.value;
    if (notAMember.value) return gone;
    // as lib/errors' listenerProblem says it, with the whole sentence in the catalogue
    const failed = (error: Error | null, key: Key) => {
      if (!error) return null;
      if (errorCode(error) === 'permission-denied') return gone;
      return t(key, { code: errorCode(error) ?? error.message });
    };
    return (
      failed(history.error.value, 'conv.messagesFailed') ??
      failed(members.error.value, 'conv.membersFailed') ??
      failed(receiptSummary.error.value, 'conv.receiptsFailed') ??
      failed(typists.error.value, 'conv.typingFailed')
    );
  });

  // What each snapshot says about my pending sends; reading the ledger once lets offline sends chain.
  watch([history.messages, history.pendingIds, history.vanishedIds, history.fromCache], () => {
    if (!id.value) return;
    messagesStore.reconcile({
      roomId: id.value,
      present: new Map(history.messages.value.map((m) => [m.id, history.pendingIds.value.has(m.id)])),
      vanished: history.vanishedIds.value,
      fromServer: !history.fromCache.value,
    });
  });
  watch(id, (room) => room && messagesStore.prepare(), { immediate: true });

  // A reply stores only the quoted message's id: its quote is that message as it is now, from the
  // list when loaded, else watched on its own while this room is open.
  const quotes = useQuotesStore();
  const byId = computed(() => new Map(history.messages.value.map((m) => [m.id, m])));
  function quoteFor(m: MessageDoc): Quote | null {
    const quoted = m.replyTo?.id;
    if (!quoted) return null;
    const loaded = byId.value.get(quoted);
    return quoteOf(loaded ?? (id.value ? quotes.message(id.value, quoted) : null), auth.uid);
  }
  // My reactions as this client set them, until the server has counted them (stores/reactions.ts).
  const reactions = useReactionsStore();
  watch(id, (_room, previous) => {
    if (!previous) return;
    quotes.release(previous);
    reactions.release(previous);
  });

  /** A message to show in the middle of the list; a new object each time, so the same id can be shown again. */
  const reveal = shallowRef<{ id: string } | null>(null);
  /** The outcome of the last action on a message, when it failed. */
  const { failure: notice, attempt: act } = useFailure();
  /** The search panel, opened from the header, shown above the history. */
  const searchOpen = ref(false);
  watch(id, () => {
    reveal.value = null;
    notice.value = '';
    searchOpen.value = false;
  });

  /**
   * What a composer hands up on Enter: an edit saved, or a message queued (a thread's composer
   * passes its thread). The draft starts over once it is in the outbox; a refusal stays in the
   * draft with the words of the problem. One message at a time per composer: a second Enter
   * while a file is being kept would send the same draft again. (An edit waits for the server,
   * offline for as long as it lasts; saving it twice changes nothing, so it holds nothing back.)
   */
  async function submit(out: ComposerSend, from: Composer = composer, thread: OutboxEntry['thread'] = null) {
    const room = id.value;
    if (!room || from.busy.value) return false;
    try {
      if (out.kind === 'edit') await messagesStore.edit(room, out.id, out.text);
      else {
        from.busy.value = true;
        const refused = await messagesStore
          .send(room, out.text, { replyTo: out.replyTo, mentions: out.mentions, file: out.file, thread })
          .finally(() => (from.busy.value = false));
        if (refused) throw new UserError(refused);
      }
      from.sent(messagesStore.sendsQueued(room));
      return true;
    } catch (e) {
      if (id.value === room) from.error.value = errorMessage(e, t('conv.sendFailed'));
      return false;
    }
  }
  const send = (out: ComposerSend) => submit(out);

  async function jumpTo(messageId: string) {
    notice.value = '';
    if (await history.loadUntil((m) => m.id === messageId)) reveal.value = { id: messageId };
    else notice.value = t('conv.notAvailable');
  }

  const actions = {
    send,
    submit,
    jumpTo,
    react: (m: MessageDoc, emoji: string) => act(() => reactions.toggle(id.value!, m, emoji), t('conv.reactFailed')),
    reactionChips: (m: MessageDoc) => (id.value ? reactions.chips(id.value, m) : []),
    redact: (m: MessageDoc) => act(() => messagesStore.redact(id.value!, m.id), t('conv.deleteFailed')),
    retry: (entryId: string) => messagesStore.retry(entryId),
    discard: (entryId: string) => messagesStore.discard(entryId),
    cancelUpload: (entryId: string) => messagesStore.cancel(entryId),
    uploadProgress: (entryId: string) => messagesStore.uploadProgress(entryId),
    /**
     * "Not sent" → Edit: the text (and file) go back into the composer (the room's, or the
     * thread's for a thread reply) and the failed entry goes.
     */
    editFailed: async (entry: OutboxEntry, into: Composer = composer) => {
      const file = entry.file ? await outboxStore.fileOf(entry.id) : null;
      messagesStore.discard(entry.id);
      into.restore(entry, file);
    },
    search: (text: string) => messagesStore.search(id.value!, text),
    copy: (m: MessageDoc) => act(() => navigator.clipboard.writeText(m.text), t('conv.copyFailed')),
    quoteFor,
    editLast: () => {
      const last = [...history.messages.value].reverse().find((m) => m.authorId === auth.uid && can.value.edit(m));
      if (last) composer.startEdit(last);
    },
  };

  return {
    roomId: id,
    room,
    history,
    members: members.members,
    membersPending: members.pending,
    memberCount,
    presenceOf: presence.presenceOf,
    myUid,
    // mentions name me as my member document does
    myName: computed(() => me.value?.displayName ?? users.myName()),
    me,
    /** my member document has answered (or failed): what I may do in the room is known */
    roleKnown: computed(() => !membership.pending.value),
    typists: typists.typists,
    threads,
    can,
    names,
    outbox,
    typing,
    group,
    receipts,
    composer,
    problem,
    sanction,
    sanctionWords,
    refusalFor,
    reveal,
    notice,
    searchOpen,
    ...actions,
  };
}

export type Conversation = ReturnType<typeof useConversation>;

const CONVERSATION: InjectionKey<Conversation> = Symbol('conversation');

export function provideConversation(conversation: Conversation): Conversation {
  provide(CONVERSATION, conversation);
  return conversation;
}

/** The open room's conversation, from the RoomPane above. */
export function useConversationContext(): Conversation {
  const conversation = inject(CONVERSATION, null);
  if (!conversation) throw new Error('useConversationContext() needs a RoomPane (provideConversation) above it.');
  return conversation;
}

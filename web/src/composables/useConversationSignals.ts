import { computed, type Ref } from 'vue';
import type { MemberDoc, MessageDoc, ReceiptSummaryDoc, TypingDoc } from '../data/converters';
import { receiptFor, type Receipt } from '../lib/receipts';
import { activeTypists, typingLabel } from '../lib/typing';
import type { PresenceView } from './usePresence';
import { useNow } from './useNow';

/**
 * "Ana is typing…" for the room itself (threadId null) or one of its threads: the room's typing
 * documents say where each person types.
 */
export function useTypingLine(typists: Ref<TypingDoc[]>, myUid: Ref<string | null>, threadId: () => string | null) {
  // a typist disappears when their last write gets old, with no write to tell us: tick while any is shown
  const now = useNow(1000, () => typists.value.length > 0);
  return computed(() =>
    typingLabel(
      activeTypists(
        typists.value
          .filter((d) => (d.threadId ?? null) === threadId())
          .map((d) => ({ uid: d.id, displayName: d.displayName, at: d.at?.toMillis() ?? now.value })),
        myUid.value,
        now.value,
      ).map((d) => d.displayName),
    ),
  );
}

/**
 * Derived realtime signals of the open room (no subscriptions of its own): the typing line,
 * and the receipts of the reader's own messages from the receipt summary and presence.
 */
export function useConversationSignals(input: {
  myUid: Ref<string | null>;
  messages: Ref<MessageDoc[]>;
  pendingIds: Ref<Set<string>>;
  members: Ref<MemberDoc[]>;
  summary: Ref<ReceiptSummaryDoc | null>;
  presence: Ref<Map<string, PresenceView>>;
  typists: Ref<TypingDoc[]>;
}) {
  const typing = useTypingLine(input.typists, input.myUid, () => null);

  const group = computed(() => input.members.value.length > 2);

  const receipts = computed(() => {
    const me = input.myUid.value;
    const out = new Map<string, Receipt>();
    if (!me) return out;
    const messages = input.messages.value;
    const positions = new Map(messages.map((m, i) => [m.id, i]));
    const newest = [...messages].reverse().find((m) => !input.pendingIds.value.has(m.id));
    const newestAt = newest?.createdAt?.toMillis() ?? 0;
    const cursors = Object.entries(input.summary.value?.reads ?? {}).map(([uid, r]) => ({
      uid,
      name: r.name,
      at: r.at?.toMillis() ?? 0,
      messageId: r.messageId,
    }));
    const lastSeen = new Map([...input.presence.value].map(([uid, p]) => [uid, p.lastSeen ?? 0]));
    for (const m of messages) {
      if (m.authorId !== me || m.deleted) continue;
      out.set(
        m.id,
        receiptFor(
          {
            id: m.id,
            at: m.createdAt?.toMillis() ?? Number.MAX_SAFE_INTEGER,
            pending: input.pendingIds.value.has(m.id),
          },
          { myUid: me, cursors, lastSeen, positions, newestAt },
        ),
      );
    }
    return out;
  });

  return { typing, group, receipts };
}

import { computed, type Ref } from 'vue';
import type { MemberDoc, MessageDoc, ReceiptSummaryDoc, TypingDoc } from '../data/converters';
import { receiptsOf, type Receipt } from '../lib/receipts';
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

  const receipts = computed((previous?: Map<string, Receipt>) =>
    receiptsOf(
      {
        myUid: input.myUid.value,
        messages: input.messages.value,
        pendingIds: input.pendingIds.value,
        reads: input.summary.value?.reads ?? {},
        lastSeen: new Map([...input.presence.value].map(([uid, p]) => [uid, p.lastSeen ?? 0])),
      },
      previous,
    ),
  );

  return { typing, group, receipts };
}

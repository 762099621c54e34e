import { computed, onScopeDispose, toValue, watch, watchEffect, type MaybeRefOrGetter, type Ref } from 'vue';
import type { MessageDoc } from '../data/converters';
import { pageState } from '../lib/pageState';
import { useReadsStore } from '../stores/reads';

/**
 * Moves the reader's cursor (coalesced by the reads store) when they have seen the newest
 * message: it is on screen (`atBottom`) in a tab they are looking at, and it came from the
 * server (a cached list may be missing what arrived meanwhile). The store is handed the message
 * itself: the cursor takes its time, not the time the write lands. What the store holds back (a
 * busy room's cursor waits a few seconds) is written when the reader leaves the room, closes
 * it, or hides the page.
 */
export function useReadTracking(
  roomId: MaybeRefOrGetter<string | null>,
  history: { messages: Ref<MessageDoc[]>; pendingIds: Ref<Set<string>>; fromCache: Ref<boolean> },
  atBottom: Ref<boolean>,
) {
  const reads = useReadsStore();
  const newestConfirmed = computed(
    () => [...history.messages.value].reverse().find((m) => !history.pendingIds.value.has(m.id)) ?? null,
  );
  watchEffect(() => {
    const id = toValue(roomId);
    const newest = newestConfirmed.value;
    if (id && newest && atBottom.value && !history.fromCache.value && pageState.visible && pageState.focused) {
      reads.seen(id, { id: newest.id, createdAt: newest.createdAt });
    }
  });
  watch(
    () => toValue(roomId),
    (_, left) => {
      if (left) reads.flushNow(left);
    },
  );
  watch(
    () => pageState.visible,
    (visible) => {
      if (!visible) reads.flushNow();
    },
  );
  onScopeDispose(() => {
    const id = toValue(roomId);
    if (id) reads.flushNow(id);
  });
}

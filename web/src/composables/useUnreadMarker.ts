import { computed, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';
import type { MessageDoc } from '../data/converters';
import { firstUnreadId } from '../lib/grouping';
import { useAuthStore } from '../stores/auth';
import { useReadsStore } from '../stores/reads';

/**
 * The "New messages" marker: where the reader's cursor stood on entering the room. It stays there
 * while they read (the cursor moves on underneath), and it is shown only once the first unread
 * message is loaded.
 */
export function useUnreadMarker(
  roomId: MaybeRefOrGetter<string | null>,
  history: {
    messages: Ref<MessageDoc[]>;
    hasMore: Ref<boolean>;
    loadUntil: (found: (m: MessageDoc) => boolean) => Promise<boolean>;
  },
) {
  const auth = useAuthStore();
  const reads = useReadsStore();
  const enteredReadAt = ref<number | null>(null);

  watch(
    () => toValue(roomId),
    (id) => {
      enteredReadAt.value = null;
      if (!id) return;
      void reads.cursor(id).then((c) => {
        if (toValue(roomId) === id) enteredReadAt.value = c?.lastReadAt?.toMillis() ?? null;
      });
    },
    { immediate: true },
  );

  const rows = computed(() =>
    history.messages.value.map((m) => ({ id: m.id, authorId: m.authorId, at: m.createdAt?.toMillis() ?? Date.now() })),
  );
  const firstUnread = computed(() => {
    const at = enteredReadAt.value;
    if (at === null) return null;
    const oldest = rows.value[0];
    // only a loaded message older than the cursor proves the first unread one is loaded
    if (history.hasMore.value && (!oldest || oldest.at > at)) return null;
    return firstUnreadId(rows.value, at, auth.uid);
  });
  const hasUnread = computed(() => {
    const at = enteredReadAt.value;
    return at !== null && rows.value.some((r) => r.at > at && r.authorId !== auth.uid);
  });

  /** Loads back to the cursor; resolves with the first unread message's id, if there is one. */
  async function loadToMarker(): Promise<string | null> {
    const at = enteredReadAt.value;
    if (at === null) return null;
    await history.loadUntil((m) => (m.createdAt?.toMillis() ?? Infinity) <= at);
    return firstUnread.value;
  }

  return { firstUnread, hasUnread, loadToMarker };
}

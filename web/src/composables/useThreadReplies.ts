import { computed, onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { MessageDoc } from '../data/converters';
import { subscribeThreadReplies, windowChanges } from '../data/messages';
import { applyChanges, byTime } from '../lib/messageWindow';

/**
 * A thread's replies, oldest first: the newest THREAD_PAGE of them, live, with the ids still
 * pending and those a refusal rolled back (`vanishedIds`, for the outbox), as the room's history
 * has them (useRoomMessages, without its older pages: a thread is short).
 */
export function useThreadReplies(roomId: MaybeRefOrGetter<string | null>, threadId: MaybeRefOrGetter<string | null>) {
  /** newest first, as the query orders it */
  const live = shallowRef<MessageDoc[]>([]);
  const pendingIds = shallowRef<Set<string>>(new Set());
  const vanishedIds = shallowRef<Set<string>>(new Set());
  const fromCache = ref(true);
  const pending = ref(false);
  const error = shallowRef<Error | null>(null);
  let stop: (() => void) | null = null;

  const key = computed(() => {
    const room = toValue(roomId);
    const thread = toValue(threadId);
    return room && thread ? { room, thread } : null;
  });

  watch(
    key,
    (k) => {
      stop?.();
      stop = null;
      live.value = [];
      pendingIds.value = new Set();
      vanishedIds.value = new Set();
      fromCache.value = true;
      error.value = null;
      pending.value = !!k;
      if (!k) return;
      stop = subscribeThreadReplies(
        db,
        k.room,
        k.thread,
        ({ changes, pendingIds: pendingNow, fromCache: cached }) => {
          if (changes.length > 0) {
            const { next, vanished } = applyChanges(live.value, windowChanges(changes), pendingIds.value);
            live.value = next;
            if (vanished.length) vanishedIds.value = new Set([...vanishedIds.value, ...vanished]);
          }
          pendingIds.value = pendingNow;
          fromCache.value = cached;
          pending.value = false;
        },
        (err) => {
          error.value = err;
          pending.value = false;
        },
      );
    },
    { immediate: true },
  );
  onScopeDispose(() => stop?.());

  const messages = computed(() => live.value.slice().sort(byTime));
  return { messages, pendingIds, vanishedIds, fromCache, pending, error };
}

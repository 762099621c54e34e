import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { db } from '../firestore';
import type { MessageDoc } from '../data/converters';
import { subscribeLatestMessages } from '../data/messages';

/**
 * The latest messages of a room, oldest first, kept in step with Firestore by applying each
 * snapshot's docChanges to a shallowRef list. Subscribes to nothing for a null id,
 * re-subscribes when the id changes, and unsubscribes when the scope is disposed.
 */
export function useRoomMessages(roomId: MaybeRefOrGetter<string | null>) {
  const messages = shallowRef<MessageDoc[]>([]);
  const pendingIds = shallowRef<Set<string>>(new Set());
  const loading = ref(false);
  const error = shallowRef<Error | null>(null);
  let unsubscribe: (() => void) | null = null;

  function stop() {
    unsubscribe?.();
    unsubscribe = null;
  }

  watch(
    () => toValue(roomId),
    (id) => {
      stop();
      messages.value = [];
      pendingIds.value = new Set();
      error.value = null;
      if (!id) return;
      loading.value = true;
      // Newest first from the query; kept oldest first for display.
      let newestFirst: MessageDoc[] = [];
      unsubscribe = subscribeLatestMessages(
        db,
        id,
        ({ changes, pendingIds: pending }) => {
          if (changes.length > 0) {
            const next = newestFirst.slice();
            for (const change of changes) {
              if (change.type === 'removed') next.splice(change.oldIndex, 1);
              else if (change.type === 'added') next.splice(change.newIndex, 0, change.doc.data());
              else {
                next.splice(change.oldIndex, 1);
                next.splice(change.newIndex, 0, change.doc.data());
              }
            }
            newestFirst = next;
            messages.value = next.slice().reverse();
          }
          pendingIds.value = pending;
          loading.value = false;
        },
        (err) => {
          error.value = err;
          loading.value = false;
        },
      );
    },
    { immediate: true },
  );

  onScopeDispose(stop);

  return { messages, pendingIds, loading, error };
}

import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { db } from '../firestore';
import type { MessageDoc, ThreadReadDoc } from '../data/converters';
import { markThreadRead, subscribeThreadReads } from '../data/threadReads';
import { useAuthStore } from '../stores/auth';
import { useSubscription } from './useSubscription';

/**
 * The open room's threads: which one is open beside the conversation (the route's `?thread=`, so
 * a thread has a link and Back closes it), my read marks of the room's threads, and which first
 * messages have replies I have not seen.
 */
export function useThreads(roomId: MaybeRefOrGetter<string | null>) {
  const route = useRoute();
  const router = useRouter();
  const auth = useAuthStore();

  const openId = computed(() => {
    const thread = route.query.thread;
    return toValue(roomId) && typeof thread === 'string' && thread ? thread : null;
  });

  function open(threadId: string) {
    if (openId.value === threadId) return;
    void router.push({ query: { ...route.query, thread: threadId } });
  }

  function close() {
    const { thread: _thread, ...rest } = route.query;
    void router.push({ query: rest });
  }

  const key = computed(() => {
    const room = toValue(roomId);
    return room && auth.uid ? { uid: auth.uid, room } : null;
  });
  const reads = useSubscription<{ uid: string; room: string }, ThreadReadDoc[]>(
    key,
    [],
    (k, onData, onError) => subscribeThreadReads(db, k.uid, k.room, onData, onError),
    { linger: true },
  );
  /** thread id -> when I last read it (ms) */
  const readAt = computed(
    () => new Map(reads.data.value.map((r) => [r.threadId, r.lastReadAt?.toMillis() ?? Number.MAX_SAFE_INTEGER])),
  );

  /**
   * Replies I have not seen: newer than my last read of the thread; for a thread I never opened,
   * when it answers a message of mine and the newest reply is someone else's.
   */
  function hasNew(m: MessageDoc): boolean {
    const summary = m.replies;
    const me = auth.uid;
    if (!summary || !me) return false;
    const read = readAt.value.get(m.id);
    if (read !== undefined) return (summary.lastAt?.toMillis() ?? 0) > read;
    return m.authorId === me && summary.authors[0]?.id !== me;
  }

  const marking = new Set<string>();
  /** I have read the thread's replies up to `newest` (ms): recorded once, when it is news. */
  function markRead(threadId: string, newest: number) {
    const room = toValue(roomId);
    const me = auth.uid;
    const read = readAt.value.get(threadId);
    if (!room || !me || marking.has(threadId) || (read !== undefined && read >= newest)) return;
    marking.add(threadId);
    // a mark that fails is written again the next time the thread is read
    markThreadRead(db, me, room, threadId)
      .catch(() => undefined)
      .finally(() => marking.delete(threadId));
  }

  return { openId, open, close, hasNew, markRead };
}

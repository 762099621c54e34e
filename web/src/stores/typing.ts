import { TYPING_MIN_GAP_MS } from '@chat/shared';
import { defineStore } from 'pinia';
import { db } from '../firestore';
import { clearTyping, setTyping } from '../data/typing';
import { TypingThrottle } from '../lib/typing';
import { useAuthStore } from './auth';
import { useUsersStore } from './users';

/**
 * How long a keystroke waits before it becomes a typing write: a message sent sooner never says
 * "typing" (the reader would see it and the message at once), and no typing write is on its way
 * ahead of it. The SDK sends its writes one after another on one stream and the server commits
 * them in that order, so a typing write just ahead of a message holds the message back by its
 * round trip.
 */
export const TYPING_START_DELAY_MS = 300;

/**
 * The reader's own typing signal: at most one write per interval, each a moment after the
 * keystroke that calls for it (TYPING_START_DELAY_MS), removed on send or blur. The
 * rules refuse a typing write, and the removal, sooner than TYPING_MIN_GAP_MS after the last
 * write, so a removal that comes sooner waits for the gap; on send it also waits for the message
 * to be in the write queue, so it goes out behind the message rather than ahead of it. A
 * best-effort signal (lib/errors): a failed write is dropped, the next keystroke sends another.
 */
export const useTypingStore = defineStore('typing', () => {
  const auth = useAuthStore();
  const users = useUsersStore();
  const throttles = new Map<string, TypingThrottle>();
  const lastWrite = new Map<string, number>();
  const pendingStops = new Map<string, ReturnType<typeof setTimeout>>();
  const pendingStarts = new Map<string, ReturnType<typeof setTimeout>>();
  /** a removal waiting for its send to be queued: a keystroke meanwhile takes it back */
  const awaitedStops = new Map<string, object>();

  function throttle(roomId: string): TypingThrottle {
    let t = throttles.get(roomId);
    if (!t) throttles.set(roomId, (t = new TypingThrottle()));
    return t;
  }

  /** where the latest keystroke was (the room's composer: null, or a thread) */
  const typingIn = new Map<string, string | null>();
  /** where the last write said the person types (the room's document holds one place) */
  const lastThread = new Map<string, string | null>();

  /** A keystroke in the room's composer, or a thread's (threadId: the thread's first message). */
  function typing(roomId: string, threadId: string | null = null) {
    if (!auth.uid) return;
    // typing again before a delayed removal went out: the signal simply stays
    awaitedStops.delete(roomId);
    const pending = pendingStops.get(roomId);
    if (pending) {
      clearTimeout(pending);
      pendingStops.delete(roomId);
    }
    // the first keystroke of a burst starts the clock; those after it do not push it back
    typingIn.set(roomId, threadId);
    if (pendingStarts.has(roomId)) return;
    pendingStarts.set(
      roomId,
      setTimeout(() => {
        pendingStarts.delete(roomId);
        write(roomId, typingIn.get(roomId) ?? null);
      }, TYPING_START_DELAY_MS),
    );
  }

  function write(roomId: string, threadId: string | null) {
    const uid = auth.uid;
    if (!uid) return;
    const now = Date.now();
    if (now - (lastWrite.get(roomId) ?? -Infinity) < TYPING_MIN_GAP_MS) return;
    // moving from the room's composer to a thread's (or back) says so at once, not at the next interval
    const moved = lastThread.has(roomId) && lastThread.get(roomId) !== threadId;
    if (throttle(roomId).shouldWrite(now) || moved) {
      lastWrite.set(roomId, now);
      lastThread.set(roomId, threadId);
      setTyping(db, roomId, uid, users.myName(), threadId).catch(() => undefined);
    }
  }

  /**
   * A send or a blur: the keystroke waiting to be written is dropped, and the
   * signal, if one was written, removed once `after` has settled (a send: its message is in the
   * write queue).
   */
  function stopped(roomId: string, after: Promise<unknown> = Promise.resolve()) {
    const start = pendingStarts.get(roomId);
    if (start) {
      clearTimeout(start);
      pendingStarts.delete(roomId);
    }
    const t = throttles.get(roomId);
    const uid = auth.uid;
    if (!uid || !t?.active) return;
    t.stopped();
    const clear = () => {
      pendingStops.delete(roomId);
      lastWrite.delete(roomId);
      lastThread.delete(roomId);
      clearTyping(db, roomId, uid).catch(() => undefined);
    };
    const token = {};
    awaitedStops.set(roomId, token);
    const removeWhenDue = () => {
      if (awaitedStops.get(roomId) !== token) return;
      awaitedStops.delete(roomId);
      const wait = TYPING_MIN_GAP_MS - (Date.now() - (lastWrite.get(roomId) ?? -Infinity));
      if (wait <= 0) clear();
      else if (!pendingStops.has(roomId)) pendingStops.set(roomId, setTimeout(clear, wait + 50));
    };
    void after.then(removeWhenDue, removeWhenDue);
  }

  return { typing, stopped };
});

import { TYPING_MIN_GAP_MS } from '@chat/shared';
import { defineStore } from 'pinia';
import { db } from '../firestore';
import { clearTyping, setTyping } from '../data/typing';
import { TypingThrottle } from '../lib/typing';
import { useAuthStore } from './auth';
import { useUsersStore } from './users';

/**
 * The reader's own typing signal: at most one write per interval, removed on send or blur. The
 * rules refuse a typing write, and the removal, sooner than TYPING_MIN_GAP_MS after the last
 * write, so a removal that comes sooner waits for the gap. A best-effort signal (lib/errors): a
 * failed write is dropped, the next keystroke sends another.
 */
export const useTypingStore = defineStore('typing', () => {
  const auth = useAuthStore();
  const users = useUsersStore();
  const throttles = new Map<string, TypingThrottle>();
  const lastWrite = new Map<string, number>();
  const pendingStops = new Map<string, ReturnType<typeof setTimeout>>();

  function throttle(roomId: string): TypingThrottle {
    let t = throttles.get(roomId);
    if (!t) throttles.set(roomId, (t = new TypingThrottle()));
    return t;
  }

  /** where the last write said the person types (the room's document holds one place) */
  const lastThread = new Map<string, string | null>();

  /** A keystroke in the room's composer, or a thread's (threadId: the thread's first message). */
  function typing(roomId: string, threadId: string | null = null) {
    if (!auth.uid) return;
    const now = Date.now();
    // typing again before a delayed removal went out: the signal simply stays
    const pending = pendingStops.get(roomId);
    if (pending) {
      clearTimeout(pending);
      pendingStops.delete(roomId);
    }
    if (now - (lastWrite.get(roomId) ?? -Infinity) < TYPING_MIN_GAP_MS) return;
    // moving from the room's composer to a thread's (or back) says so at once, not at the next interval
    const moved = lastThread.has(roomId) && lastThread.get(roomId) !== threadId;
    if (throttle(roomId).shouldWrite(now) || moved) {
      lastWrite.set(roomId, now);
      lastThread.set(roomId, threadId);
      setTyping(db, roomId, auth.uid, users.myName(), threadId).catch(() => undefined);
    }
  }

  function stopped(roomId: string) {
    const t = throttles.get(roomId);
    const uid = auth.uid;
    if (!uid || !t?.active) return;
    t.stopped();
    const wait = TYPING_MIN_GAP_MS - (Date.now() - (lastWrite.get(roomId) ?? -Infinity));
    const clear = () => {
      pendingStops.delete(roomId);
      lastWrite.delete(roomId);
      lastThread.delete(roomId);
      clearTyping(db, roomId, uid).catch(() => undefined);
    };
    if (wait <= 0) clear();
    else if (!pendingStops.has(roomId)) pendingStops.set(roomId, setTimeout(clear, wait + 50));
  }

  return { typing, stopped };
});

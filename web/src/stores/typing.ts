import { defineStore } from 'pinia';
import { db } from '../firestore';
import { clearTyping, setTyping } from '../data/typing';
import { TypingThrottle } from '../lib/typing';
import { useAuthStore } from './auth';

/**
 * The reader's own typing signal: at most one write per interval, removed on send or blur. A
 * best-effort signal (lib/errors): a failed write is dropped, the next keystroke sends another.
 */
export const useTypingStore = defineStore('typing', () => {
  const auth = useAuthStore();
  const throttles = new Map<string, TypingThrottle>();

  function throttle(roomId: string): TypingThrottle {
    let t = throttles.get(roomId);
    if (!t) throttles.set(roomId, (t = new TypingThrottle()));
    return t;
  }

  function typing(roomId: string) {
    if (!auth.uid) return;
    if (throttle(roomId).shouldWrite(Date.now())) {
      setTyping(db, roomId, auth.uid, auth.displayName).catch(() => undefined);
    }
  }

  function stopped(roomId: string) {
    const t = throttles.get(roomId);
    if (!auth.uid || !t?.active) return;
    t.stopped();
    clearTyping(db, roomId, auth.uid).catch(() => undefined);
  }

  return { typing, stopped };
});

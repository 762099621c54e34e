import { defineStore } from 'pinia';
import { shallowRef, triggerRef } from 'vue';
import { db } from '../firestore';
import type { MessageDoc } from '../data/converters';
import { subscribeMessage } from '../data/messages';

/**
 * Quoted messages that are not in the loaded part of a room (a reply to an old message), each
 * watched once while the screen shows it: a quote follows its message's edits and redaction.
 * Replies to loaded messages read them from the list instead.
 */
export const useQuotesStore = defineStore('quotes', () => {
  /** key roomId/messageId -> the message, null when it cannot be read; absent while loading */
  const found = shallowRef(new Map<string, MessageDoc | null>());
  const watching = new Map<string, () => void>();

  function message(roomId: string, id: string): MessageDoc | null | undefined {
    const key = `${roomId}/${id}`;
    if (!watching.has(key)) {
      watching.set(
        key,
        subscribeMessage(
          db,
          roomId,
          id,
          (m) => {
            found.value.set(key, m);
            triggerRef(found);
          },
          () => {
            found.value.set(key, null);
            triggerRef(found);
          },
        ),
      );
    }
    return found.value.get(key);
  }

  /** Stops watching the quotes of a room the screen left. */
  function release(roomId: string) {
    for (const [key, stop] of watching) {
      if (!key.startsWith(`${roomId}/`)) continue;
      stop();
      watching.delete(key);
      found.value.delete(key);
    }
    triggerRef(found);
  }

  return { message, release };
});

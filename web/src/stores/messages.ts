import { defineStore } from 'pinia';
import { ref } from 'vue';
import { db } from '../firestore';
import { newMessageId, sendMessage, validateText } from '../data/messages';
import { useAttachmentsStore } from './attachments';
import { useAuthStore } from './auth';

export interface FailedSend {
  id: string;
  roomId: string;
  text: string;
  reason: string;
}

/** Every message write goes through here: sends are optimistic and failures keep their text. */
export const useMessagesStore = defineStore('messages', () => {
  const failed = ref<FailedSend[]>([]);

  /** Returns an error to show instead of sending, or null once the message is on its way. */
  function send(roomId: string, text: string): string | null {
    const auth = useAuthStore();
    const attachments = useAttachmentsStore();
    if (attachments.drafts[roomId]) return attachments.send(roomId, text);
    const problem = validateText(text);
    if (problem) return problem;
    if (!auth.uid) return 'You are signed out. Sign in to send messages.';
    const id = newMessageId(db, roomId);
    sendMessage(db, { roomId, id, authorId: auth.uid, authorName: auth.displayName, text }).catch((error: unknown) => {
      failed.value.push({
        id,
        roomId,
        text,
        reason: error instanceof Error ? error.message : 'The server refused this message.',
      });
    });
    return null;
  }

  function dismiss(id: string) {
    failed.value = failed.value.filter((f) => f.id !== id);
  }

  return { failed, send, dismiss };
});

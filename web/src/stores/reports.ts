import { defineStore } from 'pinia';
import { ref } from 'vue';
import { db } from '../firestore';
import { myReport, reportMessage } from '../data/reports';
import { t } from '../i18n';
import { errorCode, UserError } from '../lib/errors';
import { useAuthStore } from './auth';

/** The message was reported by me already (from another tab, or before this page knew). */
export class AlreadyReported extends UserError {}

/**
 * Reports of messages by the signed-in user. What this page has reported is remembered, so the
 * dialog answers at once the second time; otherwise the server is asked (one read per dialog).
 */
export const useReportsStore = defineStore('reports', () => {
  const auth = useAuthStore();
  /** key roomId/messageId -> when I reported it (ms) */
  const reported = ref(new Map<string, number>());

  /** When I reported the message, or null when I have not. */
  async function reportedAt(roomId: string, messageId: string): Promise<number | null> {
    if (!auth.uid) throw new UserError(t('store.signedOut'));
    const key = `${roomId}/${messageId}`;
    const known = reported.value.get(key);
    if (known !== undefined) return known;
    const mine = await myReport(db, roomId, messageId, auth.uid);
    const at = mine ? (mine.createdAt?.toMillis() ?? Date.now()) : null;
    if (at !== null) reported.value.set(key, at);
    return at;
  }

  async function report(roomId: string, messageId: string, reason: string): Promise<void> {
    if (!auth.uid) throw new UserError(t('store.signedOut'));
    try {
      await reportMessage(db, roomId, messageId, auth.uid, reason);
    } catch (e) {
      // the id is mine and this message's: a refusal after the check above is a report made meanwhile
      // (another tab), unless the message went (redacted or never a person's)
      if (errorCode(e) === 'permission-denied' && (await reportedAt(roomId, messageId).catch(() => null)) !== null) {
        throw new AlreadyReported(t('store.alreadyReported'));
      }
      throw e;
    }
    reported.value.set(`${roomId}/${messageId}`, Date.now());
  }

  return { reportedAt, report };
});

import { onDocumentWritten } from '../lib/trigger.js';
import { FieldValue, type DocumentData, type Firestore } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { readClaim } from '../lib/idempotency.js';
import { traced } from '../lib/log.js';
import { cleanWords, judge, loadModerationConfig } from '../lib/moderation.js';
import { bumpStats } from '../lib/stats.js';

const FN = 'screenMessage';

export interface ScreenInput {
  eventId: string;
  roomId: string;
  messageId: string;
  before: DocumentData | undefined;
  after: DocumentData | undefined;
}

function millis(value: unknown): number | null {
  return value && typeof (value as { toMillis?: unknown }).toMillis === 'function'
    ? (value as { toMillis(): number }).toMillis()
    : null;
}

/** New text from a person: a new message, or an author's edit (editedAt moves). Our own rewrites leave editedAt alone. */
function newText(before: DocumentData | undefined, after: DocumentData | undefined): boolean {
  if (!after || after.kind !== 'text' || after.deleted === true) return false;
  if (!before) return true;
  return millis(after.editedAt) !== millis(before.editedAt) && after.text !== before.text;
}

/**
 * Checks new and edited text against the blocklist (config/moderation plus the room's
 * config/moderation), link flooding and mass mentions. 'mask' rewrites the matched words as
 * asterisks; 'hide' (and floods) moves the text to rooms/{roomId}/moderationQueue/{messageId}
 * and leaves the message with text '', hidden true and moderation {action, reasons,
 * reportCount}. The effect and the event's claim commit together; the rewrite does not move
 * editedAt, so it never screens its own write.
 */
export async function handleScreen(
  store: Firestore,
  { eventId, roomId, messageId, before, after }: ScreenInput,
): Promise<string> {
  if (!after || !newText(before, after)) return 'not-new-text';
  const text = String(after.text ?? '');
  const config = await loadModerationConfig(store, roomId);
  const verdict = judge(text, Array.isArray(after.mentions) ? (after.mentions as string[]) : [], config);
  const edit = before !== undefined;
  const stillHidden = edit && after.hidden === true;
  if (verdict.action === 'none' && !stillHidden && after.moderation?.action !== 'masked') return 'clean';
  const messageRef = store.doc(`rooms/${roomId}/messages/${messageId}`);
  const queueRef = store.doc(`rooms/${roomId}/moderationQueue/${messageId}`);
  return store.runTransaction(async (tx) => {
    const claim = await readClaim(tx, store, eventId, FN);
    if (!claim) return 'duplicate';
    const [message, queued] = await tx.getAll(messageRef, queueRef);
    claim();
    // A later write changed the text again; its own event judges it.
    if (!message?.exists || message.get('text') !== text) return 'superseded';
    const reportCount = (message.get('moderation.reportCount') as number | undefined) ?? 0;
    if (verdict.action === 'hide' || stillHidden) {
      const reasons =
        verdict.action === 'hide'
          ? verdict.reasons
          : ((message.get('moderation.reasons') as string[] | undefined) ?? []);
      tx.set(queueRef, {
        messageId,
        authorId: String(after.authorId ?? ''),
        authorName: String(after.authorName ?? ''),
        text,
        words: Array.isArray(after.words) ? after.words : [],
        reasons:
          verdict.action === 'hide' ? verdict.details : ((queued?.get('reasons') as string[] | undefined) ?? reasons),
        reportCount,
        status: 'pending',
        createdAt: queued?.get('createdAt') ?? FieldValue.serverTimestamp(),
      });
      tx.update(messageRef, {
        text: '',
        words: [],
        hidden: true,
        moderation: { action: 'hidden', reasons, reportCount },
      });
      bumpStats(tx, store, { moderationActions: 1 });
      return 'hidden';
    }
    if (verdict.action === 'mask') {
      tx.update(messageRef, {
        text: verdict.text,
        words: cleanWords(after.words, config),
        moderation: { action: 'masked', reasons: verdict.reasons, reportCount },
      });
      bumpStats(tx, store, { moderationActions: 1 });
      return 'masked';
    }
    // an edit cleaned up a masked message
    tx.update(messageRef, { moderation: { action: 'none', reasons: [], reportCount } });
    return 'cleared';
  });
}

/** rooms/{roomId}/messages/{messageId} created or edited: moderation (see handleScreen). */
export const screenMessage = onDocumentWritten('rooms/{roomId}/messages/{messageId}', async (event) => {
  const { roomId, messageId } = event.params;
  await traced(FN, { eventId: event.id, roomId, messageId }, () =>
    handleScreen(db(), {
      eventId: event.id,
      roomId,
      messageId,
      before: event.data?.before.data(),
      after: event.data?.after.data(),
    }),
  );
});

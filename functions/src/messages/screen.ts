import { FieldValue, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import { readClaim } from '../lib/idempotency.js';
import { cleanWords, judge, loadModerationConfig } from '../lib/moderation.js';
import { attachmentRef, hideAttachment, screenMessageExtras } from '../lib/screening.js';
import { bumpStats } from '../lib/stats.js';
import { getAll, refs, type MessageData } from '../lib/typed.js';

/** the name its claims and log lines carry (it was a trigger of its own) */
export const FN = 'screenMessage';

export interface ScreenInput {
  eventId: string;
  roomId: string;
  messageId: string;
  before: MessageData | undefined;
  after: MessageData | undefined;
}

function millis(value: Timestamp | null | undefined): number | null {
  return typeof value?.toMillis === 'function' ? value.toMillis() : null;
}

/** New text from a person: a new message, or an author's edit (editedAt moves). Our own rewrites leave editedAt alone. */
function newText(before: MessageData | undefined, after: MessageData | undefined): boolean {
  if (!after || after.kind !== 'text' || after.deleted === true) return false;
  if (!before) return true;
  return millis(after.editedAt) !== millis(before.editedAt) && after.text !== before.text;
}

/**
 * Checks new and edited text against the blocklist (the shipped list, config/moderation and the
 * room's config/moderation), link flooding and mass mentions. 'mask' rewrites the matched words
 * as asterisks; 'hide' (and floods) moves the text and the attachment to
 * rooms/{roomId}/moderationQueue/{messageId}, marks the file hidden, and leaves the message with
 * text '', no attachment, hidden true and moderation {action, reasons, reportCount}. A new
 * message's author name and file name are masked where they match. A message held until screened
 * (`screened: false`, in a room that holds messages) gets `screened: true` in the same write, also
 * when it is clean. The effect and the event's claim commit together; the rewrite does not move
 * editedAt and releases nothing held, so it never screens its own write.
 */
export async function handleScreen(
  store: Firestore,
  { eventId, roomId, messageId, before, after }: ScreenInput,
): Promise<string> {
  // held until screened (a room that holds messages): released below whatever the verdict
  const held = after?.screened === false && after.deleted !== true;
  if (!after || (!newText(before, after) && !held)) return 'not-new-text';
  const text = String(after.text ?? '');
  const config = await loadModerationConfig(store, roomId);
  const verdict = judge(text, Array.isArray(after.mentions) ? after.mentions : [], config);
  const edit = before !== undefined;
  const stillHidden = edit && after.hidden === true;
  const extras = edit ? {} : screenMessageExtras(after, config);
  const masksNames = Object.keys(extras).length > 0;
  const clean = verdict.action === 'none' && !stillHidden && after.moderation?.action !== 'masked' && !masksNames;
  if (clean && !held) return 'clean';
  const release = held ? { screened: true } : {};
  const messageRef = refs.message(store, roomId, messageId);
  const queueRef = refs.queueItem(store, roomId, messageId);
  const metaRef = attachmentRef(store, roomId, after);
  return store.runTransaction(async (tx) => {
    const claim = await readClaim(tx, store, eventId, FN);
    if (!claim) return 'duplicate';
    const [message, queued, meta] = await getAll(tx, messageRef, queueRef, ...(metaRef ? [metaRef] : []));
    claim();
    const stored = message.data();
    const queuedItem = queued.data();
    const fileName = extras['attachment.name'];
    const renameFile = fileName !== undefined ? { name: fileName } : {};
    const hides = verdict.action === 'hide' || stillHidden;
    // hiding writes the file's meta itself (hidden, and the masked name)
    if (fileName !== undefined && meta?.exists && !hides) tx.update(metaRef!, renameFile);
    // A later write changed the text again; its own event judges it (and releases it).
    if (!stored || stored.text !== text) return 'superseded';
    if (clean) {
      tx.update(messageRef, release);
      return 'released';
    }
    const reportCount = stored.moderation?.reportCount ?? 0;
    if (hides) {
      const reasons = verdict.action === 'hide' ? verdict.reasons : (stored.moderation?.reasons ?? []);
      tx.set(queueRef, {
        messageId,
        authorId: String(after.authorId ?? ''),
        authorName: extras.authorName ?? String(after.authorName ?? ''),
        text,
        words: Array.isArray(after.words) ? after.words : [],
        attachment: stored.attachment ?? queuedItem?.attachment ?? null,
        reasons: verdict.action === 'hide' ? verdict.details : (queuedItem?.reasons ?? reasons),
        reportCount,
        status: 'pending',
        createdAt: queuedItem?.createdAt ?? FieldValue.serverTimestamp(),
      });
      tx.update(messageRef, {
        ...extras,
        ...release,
        text: '',
        words: [],
        hidden: true,
        ...hideAttachment(tx, metaRef, meta?.exists === true, renameFile),
        moderation: { action: 'hidden', reasons, reportCount },
      });
      bumpStats(tx, store, { moderationActions: 1 });
      return 'hidden';
    }
    if (verdict.action === 'mask') {
      tx.update(messageRef, {
        ...extras,
        ...release,
        text: verdict.text,
        words: cleanWords(after.words, config),
        moderation: { action: 'masked', reasons: verdict.reasons, reportCount },
      });
      bumpStats(tx, store, { moderationActions: 1 });
      return 'masked';
    }
    if (masksNames && after.moderation?.action !== 'masked') {
      tx.update(messageRef, { ...extras, ...release });
      return 'names-masked';
    }
    // an edit cleaned up a masked message
    tx.update(messageRef, { ...release, moderation: { action: 'none', reasons: [], reportCount } });
    return 'cleared';
  });
}

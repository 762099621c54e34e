import { HttpsError, onCall } from 'firebase-functions/v2/https';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { signedInCall } from '../lib/callable.js';
import { attachmentRef, restoreAttachment } from '../lib/screening.js';
import { bumpStats } from '../lib/stats.js';
import { getAll, refs } from '../lib/typed.js';
import { removeAttachmentOf } from '../messages/redacted.js';

const FN = 'moderateMessage';

export type Decision = 'restore' | 'remove';

export interface ModerateRequest {
  roomId: string;
  messageId: string;
  decision: Decision;
}

export interface Caller {
  uid: string;
  /** the custom claim admin: true */
  appAdmin: boolean;
}

const ID = /^[A-Za-z0-9_-]{1,128}$/;

export function parseRequest(data: unknown): ModerateRequest {
  if (!data || typeof data !== 'object')
    throw new HttpsError('invalid-argument', 'Expected {roomId, messageId, decision}.');
  const { roomId, messageId, decision } = data as Record<string, unknown>;
  if (typeof roomId !== 'string' || !ID.test(roomId))
    throw new HttpsError('invalid-argument', 'roomId must be a document id.');
  if (typeof messageId !== 'string' || !ID.test(messageId))
    throw new HttpsError('invalid-argument', 'messageId must be a document id.');
  if (decision !== 'restore' && decision !== 'remove')
    throw new HttpsError('invalid-argument', "decision must be 'restore' or 'remove'.");
  return { roomId, messageId, decision };
}

/**
 * A moderator's decision on a message: 'restore' puts the original text and file back from the
 * moderation queue (or dismisses the reports on a visible message); 'remove' redacts it (text
 * '', deleted, no attachment), deletes its file and clears the queued copy. Room owner/admins or
 * app admins only, and a room admin only on messages of lower roles (never the owner's or
 * another admin's), as the rules have it for redaction.
 */
export async function decide(
  store: Firestore,
  caller: Caller,
  { roomId, messageId, decision }: ModerateRequest,
): Promise<{ status: string }> {
  const messageRef = refs.message(store, roomId, messageId);
  const queueRef = refs.queueItem(store, roomId, messageId);
  const [current, queuedNow] = await getAll(store, messageRef, queueRef);
  if (!caller.appAdmin) {
    const authorId = String(current.data()?.authorId ?? '');
    const [member, author] = await getAll(
      store,
      refs.member(store, roomId, caller.uid),
      refs.member(store, roomId, authorId || '-'),
    );
    const role = member.data()?.role;
    if (role !== 'owner' && role !== 'admin')
      throw new HttpsError('permission-denied', 'Only the room owner, room admins or app admins moderate messages.');
    if (authorId !== caller.uid && rank(role) <= rank(author.data()?.role))
      throw new HttpsError('permission-denied', 'A room admin moderates only the messages of lower roles.');
  }
  const file = attachmentRef(store, roomId, {
    attachment: current.data()?.attachment ?? queuedNow.data()?.attachment ?? null,
  });
  const result = await store.runTransaction(async (tx) => {
    const [message, queued, meta] = await getAll(tx, messageRef, queueRef, ...(file ? [file] : []));
    const stored = message.data();
    if (!stored) throw new HttpsError('not-found', 'No such message in this room.');
    if (stored.kind === 'system') throw new HttpsError('failed-precondition', 'System messages are not moderated.');
    const queuedItem = queued.data();
    const moderation = {
      reasons: stored.moderation?.reasons ?? [],
      reportCount: stored.moderation?.reportCount ?? 0,
    };
    const decidedFields = { decidedBy: caller.uid, decidedAt: FieldValue.serverTimestamp() };
    if (decision === 'restore') {
      if (!queuedItem) throw new HttpsError('failed-precondition', 'This message is not in the moderation queue.');
      if (queuedItem.status === 'removed')
        throw new HttpsError('failed-precondition', 'This message was removed; it cannot be restored.');
      tx.update(messageRef, {
        ...(stored.hidden === true
          ? {
              text: String(queuedItem.text ?? ''),
              words: queuedItem.words ?? [],
              ...restoreAttachment(tx, store, roomId, queuedItem, meta?.exists === true),
            }
          : {}),
        hidden: false,
        moderation: { action: 'restored', ...moderation },
      });
      tx.update(queueRef, { status: 'restored', ...decidedFields });
    } else {
      tx.update(messageRef, {
        text: '',
        words: [],
        deleted: true,
        hidden: false,
        attachment: null,
        moderation: { action: 'removed', ...moderation },
      });
      tx.set(queueRef, {
        messageId,
        authorId: String(stored.authorId ?? ''),
        authorName: String(stored.authorName ?? ''),
        text: '',
        words: [],
        attachment: null,
        reasons: queuedItem?.reasons ?? moderation.reasons,
        reportCount: moderation.reportCount,
        status: 'removed',
        createdAt: queuedItem?.createdAt ?? FieldValue.serverTimestamp(),
        ...decidedFields,
      });
    }
    bumpStats(tx, store, { moderationActions: 1 });
    return { status: decision === 'restore' ? 'restored' : 'removed' };
  });
  // a removed message's file goes too (a hidden message no longer names it, so the redaction
  // trigger cannot find it)
  if (decision === 'remove' && file) await removeAttachmentOf(roomId, messageId, file.id, store);
  return result;
}

function rank(role: string | undefined): number {
  return role === 'owner' ? 2 : role === 'admin' ? 1 : 0;
}

/** Callable moderateMessage({roomId, messageId, decision: 'restore' | 'remove'}) -> {status}. */
export const moderateMessage = onCall((request) => {
  const data = (request.data ?? {}) as Record<string, unknown>;
  return signedInCall(
    FN,
    request,
    'Sign in to moderate messages.',
    (auth) => decide(db(), { uid: auth.uid, appAdmin: auth.token.admin === true }, parseRequest(request.data)),
    (result) => result.status,
    {
      roomId: typeof data.roomId === 'string' ? data.roomId : undefined,
      messageId: data.messageId,
      decision: data.decision,
    },
  );
});

import { HttpsError, onCall } from 'firebase-functions/v2/https';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { signedInCall } from '../lib/callable.js';
import { attachmentRef, restoreAttachment } from '../lib/screening.js';
import { bumpStats } from '../lib/stats.js';
import { removeAttachmentOf } from '../triggers/removeRedactedAttachment.js';

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
  const messageRef = store.doc(`rooms/${roomId}/messages/${messageId}`);
  const queueRef = store.doc(`rooms/${roomId}/moderationQueue/${messageId}`);
  const [current, queuedNow] = await store.getAll(messageRef, queueRef);
  if (!caller.appAdmin) {
    const authorId = String(current?.get('authorId') ?? '');
    const [member, author] = await store.getAll(
      store.doc(`rooms/${roomId}/members/${caller.uid}`),
      store.doc(`rooms/${roomId}/members/${authorId || '-'}`),
    );
    const role = member?.get('role') as string | undefined;
    if (role !== 'owner' && role !== 'admin')
      throw new HttpsError('permission-denied', 'Only the room owner, room admins or app admins moderate messages.');
    if (authorId !== caller.uid && rank(role) <= rank(author?.get('role') as string | undefined))
      throw new HttpsError('permission-denied', "A room admin moderates only the messages of lower roles.");
  }
  const file = attachmentRef(store, roomId, {
    attachment: current?.get('attachment') ?? queuedNow?.get('attachment') ?? null,
  });
  const result = await store.runTransaction(async (tx) => {
    const [message, queued, meta] = await tx.getAll(messageRef, queueRef, ...(file ? [file] : []));
    if (!message?.exists) throw new HttpsError('not-found', 'No such message in this room.');
    if (message.get('kind') === 'system')
      throw new HttpsError('failed-precondition', 'System messages are not moderated.');
    const moderation = {
      reasons: (message.get('moderation.reasons') as string[] | undefined) ?? [],
      reportCount: (message.get('moderation.reportCount') as number | undefined) ?? 0,
    };
    const decidedFields = { decidedBy: caller.uid, decidedAt: FieldValue.serverTimestamp() };
    if (decision === 'restore') {
      if (!queued?.exists) throw new HttpsError('failed-precondition', 'This message is not in the moderation queue.');
      if (queued.get('status') === 'removed')
        throw new HttpsError('failed-precondition', 'This message was removed; it cannot be restored.');
      tx.update(messageRef, {
        ...(message.get('hidden') === true
          ? {
              text: String(queued.get('text') ?? ''),
              words: (queued.get('words') as string[] | undefined) ?? [],
              ...restoreAttachment(tx, store, roomId, queued.data(), meta?.exists === true),
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
        authorId: String(message.get('authorId') ?? ''),
        authorName: String(message.get('authorName') ?? ''),
        text: '',
        words: [],
        attachment: null,
        reasons: (queued?.get('reasons') as string[] | undefined) ?? moderation.reasons,
        reportCount: moderation.reportCount,
        status: 'removed',
        createdAt: queued?.get('createdAt') ?? FieldValue.serverTimestamp(),
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

import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { MessageData } from '../lib/typed.js';

/** the name its log lines carry */
export const FN = 'threadActivity';

/** A month: an activity record is for a notification now, not an archive. */
export const ACTIVITY_KEEP_MS = 30 * 24 * 3_600_000;

export interface NewReply {
  roomId: string;
  messageId: string;
  message: MessageData;
}

/**
 * A new reply that stays in its thread moves no room summary, and so no notification: the people
 * it concerns hear of it through users/{uid}/activity/{messageId} instead, one document each
 * (idempotent: the id is the message's, so a redelivered event writes the same documents):
 * everyone it mentions, and the author of the thread's first message, unless they wrote the reply
 * or block its author (a mention of someone who blocks the sender the rules refuse already). A
 * reply also sent to the room notifies as room messages do; a held one (screened false) is heard of
 * in the room once released, not here.
 */
export async function handleThreadActivity(
  store: Firestore,
  { roomId, messageId, message }: NewReply,
): Promise<string> {
  const threadId = message.threadId;
  if (message.kind !== 'text' || !threadId || message.inRoom !== false || message.screened === false)
    return 'not-a-thread-reply';
  const author = message.authorId;
  const parent = (await store.doc(`rooms/${roomId}/messages/${threadId}`).get()).data() as MessageData | undefined;
  const targets = new Map<string, 'mention' | 'reply'>();
  const starter = parent?.kind === 'text' ? parent.authorId : null;
  if (starter && starter !== author) {
    const blocked = (await store.doc(`users/${starter}/blocks/${author}`).get()).exists;
    if (!blocked) targets.set(starter, 'reply');
  }
  for (const uid of message.mentions ?? []) if (uid !== author) targets.set(uid, 'mention');
  if (targets.size === 0) return 'nobody';
  const at = message.createdAt instanceof Timestamp ? message.createdAt : Timestamp.now();
  const batch = store.batch();
  for (const [uid, kind] of targets) {
    batch.set(store.doc(`users/${uid}/activity/${messageId}`), {
      kind,
      roomId,
      threadId,
      authorId: author,
      authorName: message.authorName,
      at,
      expireAt: Timestamp.fromMillis(at.toMillis() + ACTIVITY_KEEP_MS),
    });
  }
  await batch.commit();
  return `told:${targets.size}`;
}

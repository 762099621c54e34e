/**
 * Sending and subscribing to messages, free of Vue so the load test and the benchmark run the
 * same code in Node as the app runs in the browser.
 */
import { MAX_MENTIONS, PAGE_SIZE, RATE_LIMIT_COUNT, searchWords, type AttachmentRef } from '@chat/shared';
import {
  doc,
  collection,
  getDoc,
  getDocFromCache,
  limit,
  onSnapshot,
  orderBy,
  query,
  serverTimestamp,
  writeBatch,
  type DocumentChange,
  type Firestore,
  type Unsubscribe,
} from 'firebase/firestore';
import { validateText } from '../lib/validation';
import { refs, type MessageDoc } from './converters';

export { validateText };

export interface OutgoingMessage {
  roomId: string;
  /** chosen by the client: a retried send writes the same document and cannot duplicate */
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  replyTo?: MessageDoc['replyTo'];
  mentions?: string[];
  attachment?: AttachmentRef | null;
}

export class MessageRejected extends Error {}

/** A fresh message id, chosen before sending so retries are idempotent. */
export function newMessageId(db: Firestore, roomId: string): string {
  return doc(collection(db, 'rooms', roomId, 'messages')).id;
}

/**
 * Sends counted per (db, room, author): the ledger's `n` the next send must write. Kept in
 * memory after one read so consecutive sends (also while offline) chain without reading.
 */
const ledgerNext = new WeakMap<Firestore, Map<string, number>>();

async function nextSendNumber(db: Firestore, roomId: string, uid: string): Promise<number> {
  let perDb = ledgerNext.get(db);
  if (!perDb) ledgerNext.set(db, (perDb = new Map()));
  const key = `${roomId}/${uid}`;
  const known = perDb.get(key);
  if (known !== undefined) {
    perDb.set(key, known + 1);
    return known;
  }
  const ref = refs.ledger(db, roomId, uid);
  const snap = await getDocFromCache(ref).catch(() => getDoc(ref));
  const n = snap.exists() ? snap.data().n : 0;
  const again = perDb.get(key);
  if (again !== undefined) {
    // another send resolved the ledger while we were reading it
    perDb.set(key, again + 1);
    return again;
  }
  perDb.set(key, n + 1);
  return n;
}

/** Forget the in-memory ledger position (after a rejected send) so the next send reads it again. */
export function resetLedger(db: Firestore, roomId: string, uid: string): void {
  ledgerNext.get(db)?.delete(`${roomId}/${uid}`);
}

/**
 * Writes the message and the sender's ledger in one batch: the rules rate-limit by the
 * ledger and accept neither without the other. Resolves when the server has committed; the
 * message shows locally (pending) at once.
 */
export async function sendMessage(db: Firestore, message: OutgoingMessage): Promise<void> {
  const problem = validateText(message.text);
  if (problem && !message.attachment) throw new MessageRejected(problem);
  const n = await nextSendNumber(db, message.roomId, message.authorId);
  const text = message.text.trim();
  const batch = writeBatch(db);
  batch.set(doc(db, 'rooms', message.roomId, 'messages', message.id), {
    authorId: message.authorId,
    authorName: message.authorName,
    text,
    createdAt: serverTimestamp(),
    kind: 'text',
    replyTo: message.replyTo ?? null,
    mentions: (message.mentions ?? []).slice(0, MAX_MENTIONS),
    attachment: message.attachment ?? null,
    editedAt: null,
    deleted: false,
    reactions: {},
    words: searchWords(text),
  });
  batch.set(
    doc(db, 'rooms', message.roomId, 'limits', message.authorId),
    { n: n + 1, at: { [String(n % RATE_LIMIT_COUNT)]: serverTimestamp() }, lastMessageId: message.id },
    { merge: true },
  );
  try {
    await batch.commit();
  } catch (error) {
    resetLedger(db, message.roomId, message.authorId);
    throw error;
  }
}

export interface MessageChanges {
  changes: DocumentChange<MessageDoc>[];
  /** ids of documents with local writes the server has not confirmed */
  pendingIds: Set<string>;
  fromCache: boolean;
}

/** Subscribes to the latest `count` messages, newest first, with pending-write metadata. */
export function subscribeLatestMessages(
  db: Firestore,
  roomId: string,
  onChanges: (changes: MessageChanges) => void,
  onError: (error: Error) => void,
  count = PAGE_SIZE,
): Unsubscribe {
  const q = query(refs.messages(db, roomId), orderBy('createdAt', 'desc'), limit(count));
  return onSnapshot(
    q,
    { includeMetadataChanges: true },
    (snapshot) => {
      const pendingIds = new Set<string>();
      for (const d of snapshot.docs) if (d.metadata.hasPendingWrites) pendingIds.add(d.id);
      onChanges({ changes: snapshot.docChanges(), pendingIds, fromCache: snapshot.metadata.fromCache });
    },
    onError,
  );
}

/**
 * Sending and subscribing to messages, free of Vue so the load test and the benchmark run the
 * same code in Node as the app runs in the browser.
 */
import { MAX_MENTIONS, PAGE_SIZE, RATE_LIMIT_COUNT, searchWords, type AttachmentRef } from '@chat/shared';
import {
  arrayRemove,
  arrayUnion,
  doc,
  collection,
  documentId,
  FieldPath,
  getDoc,
  getDocFromCache,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  serverTimestamp,
  startAfter,
  type Timestamp,
  updateDoc,
  where,
  writeBatch,
  type DocumentChange,
  type DocumentSnapshot,
  type Firestore,
  type Unsubscribe,
} from 'firebase/firestore';
import { validateText } from '../lib/validation';
import { refs, type LedgerDoc, type MessageDoc } from './converters';

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
  const snap = await getDocFromCache(ref).catch(() => ledgerFromServer(ref));
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

/**
 * The ledger as the server has it, waiting for the connection if there is none: a send made
 * offline before the ledger was ever read stays queued ("sending…") instead of failing.
 */
function ledgerFromServer(ref: ReturnType<typeof refs.ledger>): Promise<DocumentSnapshot<LedgerDoc>> {
  return new Promise((resolve, reject) => {
    const stop = onSnapshot(
      ref,
      { includeMetadataChanges: true },
      (snap) => {
        if (snap.metadata.fromCache) return;
        stop();
        resolve(snap);
      },
      (error) => {
        stop();
        reject(error);
      },
    );
  });
}

/** Whether the message is on the server (a send from an earlier page may have landed). */
export async function messageExists(db: Firestore, roomId: string, id: string): Promise<boolean> {
  return (await getDoc(refs.message(db, roomId, id))).exists();
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
export async function sendMessage(db: Firestore, message: OutgoingMessage, onQueued?: () => void): Promise<void> {
  const problem = validateText(message.text);
  if (problem && !message.attachment) throw new MessageRejected(problem);
  const n = await nextSendNumber(db, message.roomId, message.authorId);
  // the batch is in the local write queue from here on: the next send may take its number
  onQueued?.();
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
  const q = query(refs.messages(db, roomId), orderBy('createdAt', 'desc'), limit(Math.min(count, MAX_PAGE)));
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

const MAX_PAGE = 100;

/**
 * A gap-free tail of a room: every server-confirmed message exactly once, from the room's first
 * message on (or after `after`). Unlike the "latest N" window, a message cannot slip through
 * unseen between two snapshots: the query is ascending on createdAt and limited, and when a page
 * fills it is re-anchored half a page back, so a message whose createdAt (the request's time) is
 * a little older than messages already shown, because its commit became visible later, is still
 * caught (as long as fewer than half a page of messages overtook it). Such a late message is
 * delivered after newer ones: callers sort by (createdAt, id).
 * Only snapshots the server confirmed are read (a cached one may lack messages in between), and
 * delivery stops at a message still pending.
 */
export function subscribeMessagesAfter(
  db: Firestore,
  roomId: string,
  onMessages: (messages: MessageDoc[]) => void,
  onError: (error: Error) => void,
  after: DocumentSnapshot<MessageDoc> | null = null,
  pageSize = MAX_PAGE,
): Unsubscribe {
  let stop: Unsubscribe = () => undefined;
  let closed = false;
  const delivered = new Set<string>();
  const listen = (anchor: DocumentSnapshot<MessageDoc> | null) => {
    const size = Math.min(pageSize, MAX_PAGE);
    const base = refs.messages(db, roomId);
    const q = anchor
      ? query(base, orderBy('createdAt'), startAfter(anchor), limit(size))
      : query(base, orderBy('createdAt'), limit(size));
    stop = onSnapshot(
      q,
      { includeMetadataChanges: true },
      (snapshot) => {
        if (closed || snapshot.metadata.fromCache) return;
        const fresh: MessageDoc[] = [];
        let settled = 0;
        for (const d of snapshot.docs) {
          if (d.metadata.hasPendingWrites) break;
          settled++;
          if (delivered.has(d.id)) continue;
          delivered.add(d.id);
          fresh.push(d.data());
        }
        if (fresh.length > 0) onMessages(fresh);
        const overlap = snapshot.docs[Math.floor(size / 2)];
        if (snapshot.size >= size && settled === snapshot.size && overlap) {
          stop();
          listen(overlap);
        }
      },
      onError,
    );
  };
  listen(after);
  return () => {
    closed = true;
    stop();
  };
}

/** Reads the ledger once so a later send made offline can chain from the cache. */
export async function warmLedger(db: Firestore, roomId: string, uid: string): Promise<void> {
  await getDoc(refs.ledger(db, roomId, uid)).catch(() => undefined);
}

/**
 * The author rewrites their message (the rules allow it for 15 minutes). Mentions stay as
 * sent: an edit changes only text, words and editedAt, so nobody is notified by an edit.
 */
export async function editMessage(db: Firestore, roomId: string, id: string, text: string): Promise<void> {
  const problem = validateText(text);
  if (problem) throw new MessageRejected(problem);
  const trimmed = text.trim();
  await updateDoc(doc(db, 'rooms', roomId, 'messages', id), {
    text: trimmed,
    words: searchWords(trimmed),
    editedAt: serverTimestamp(),
  });
}

/** Redacts a message: the author, or a room owner or admin. A placeholder stays in its place. */
export async function redactMessage(db: Firestore, roomId: string, id: string): Promise<void> {
  await updateDoc(doc(db, 'rooms', roomId, 'messages', id), {
    text: '',
    words: [],
    deleted: true,
    attachment: null,
  });
}

/** Adds or removes only the caller's own uid under one emoji. */
export async function setReaction(
  db: Firestore,
  roomId: string,
  id: string,
  emoji: string,
  uid: string,
  on: boolean,
): Promise<void> {
  await updateDoc(
    doc(db, 'rooms', roomId, 'messages', id),
    new FieldPath('reactions', emoji),
    on ? arrayUnion(uid) : arrayRemove(uid),
  );
}

/**
 * Messages containing every word of `text`: the server filters on the rarest-looking
 * (longest) word with array-contains, the rest are checked here.
 */
export async function searchMessages(db: Firestore, roomId: string, text: string, count = 50): Promise<MessageDoc[]> {
  const wanted = searchWords(text);
  if (wanted.length === 0) return [];
  const key = [...wanted].sort((a, b) => b.length - a.length)[0]!;
  const q = query(
    refs.messages(db, roomId),
    where('words', 'array-contains', key),
    orderBy('createdAt', 'desc'),
    limit(Math.min(count, MAX_PAGE)),
  );
  const snap = await getDocs(q);
  return snap.docs
    .map((d) => d.data())
    .filter((m) => !m.deleted && wanted.every((w) => (m.words ?? []).includes(w)));
}


/**
 * A fixed range of older history, live: the `count` messages just older than `before`. Old
 * messages are never inserted into the past, so the range stays the same while its messages'
 * edits, reactions and redactions still arrive.
 */
export function subscribeOlderMessages(
  db: Firestore,
  roomId: string,
  before: { createdAt: Timestamp; id: string },
  onMessages: (newestFirst: MessageDoc[], fromCache: boolean) => void,
  onError: (error: Error) => void,
  count = PAGE_SIZE,
): Unsubscribe {
  const q = query(
    refs.messages(db, roomId),
    orderBy('createdAt', 'desc'),
    orderBy(documentId(), 'desc'),
    startAfter(before.createdAt, before.id),
    limit(Math.min(count, MAX_PAGE)),
  );
  return onSnapshot(
    q,
    { includeMetadataChanges: true },
    (snap) => onMessages(snap.docs.map((d) => d.data()), snap.metadata.fromCache),
    onError,
  );
}

/** One message, or null when it does not exist (or is not readable). */
export async function getMessage(db: Firestore, roomId: string, id: string): Promise<MessageDoc | null> {
  const snap = await getDoc(refs.message(db, roomId, id)).catch(() => null);
  return snap?.exists() ? snap.data() : null;
}

/**
 * Sending and subscribing to messages, free of Vue so the load test and the benchmark run the
 * same code in Node as the app runs in the browser.
 */
import {
  EDIT_RATE_COUNT,
  EDIT_RATE_WINDOW_MS,
  MAX_MENTIONS,
  PAGE_SIZE,
  RATE_LIMIT_COUNT,
  indexWords,
  searchWords,
  textMessage,
  type AttachmentRef,
} from '@chat/shared';
import {
  arrayRemove,
  arrayUnion,
  doc,
  documentId,
  getDoc,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  startAfter,
  type Timestamp,
  updateDoc,
  where,
  writeBatch,
  type DocumentChange,
  type DocumentSnapshot,
  type Firestore,
  type Query,
  type Unsubscribe,
} from 'firebase/firestore';
import { refs, type LedgerDoc, type MessageDoc } from './converters';
import { ledgerNow, nextRingEntry } from './ledger';
import { readDoc } from './listen';
import { errorCode } from '../lib/errors';
import type { Change } from '../lib/messageWindow';

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
  /** the room is in slow mode: the send also stamps rooms/{roomId}/slowMode/{uid} */
  slowMode?: boolean;
  /** the room holds messages until screened: the message goes out with `screened: false` */
  held?: boolean;
  /** a thread reply: the thread's first message, and whether the reply is also sent to the room */
  thread?: { id: string; inRoom: boolean } | null;
}

/** A fresh message id, chosen before sending so retries are idempotent. */
export function newMessageId(db: Firestore, roomId: string): string {
  return doc(refs.messages(db, roomId)).id;
}

/**
 * The sender's numbering, per (db, author), in all rooms: the ledger's `n` the next send must
 * write, kept in memory after one read so consecutive sends (also while offline) chain without
 * reading (`next`, undefined until read or after a failure dropped it).
 *
 * `stale`: the position was dropped after a send failed; the server has just answered, and the
 * cache may hold a ledger older than the server's (a commit whose answer was lost moved the
 * server's ledger without the cache seeing it), so the next send reads the server's.
 *
 * `run` and `failed`: sends are numbered as they are queued, in all rooms together, so a batch
 * queued behind one the server refuses (a room the sender was removed from, a mute) carries the
 * number after it, which the server never reached: the rules refuse it for that alone, and so
 * every send queued behind it. `run` counts the drops of the position (a run of numbers lasts
 * from one drop to the next) and `failed` is the lowest number of a run whose batch failed. Write
 * results come back in queue order, so a batch's failure is known before those behind it.
 */
interface Numbering {
  next: number | undefined;
  stale: boolean;
  run: number;
  failed: { run: number; n: number } | null;
}
const numberings = new WeakMap<Firestore, Map<string, Numbering>>();

function numberingOf(db: Firestore, uid: string): Numbering {
  let perDb = numberings.get(db);
  if (!perDb) numberings.set(db, (perDb = new Map()));
  let numbering = perDb.get(uid);
  if (!numbering) perDb.set(uid, (numbering = { next: undefined, stale: false, run: 0, failed: null }));
  return numbering;
}

async function nextSendNumber(db: Firestore, uid: string): Promise<number> {
  const numbering = numberingOf(db, uid);
  if (numbering.next !== undefined) return numbering.next++;
  const ref = refs.ledger(db, uid);
  const stale = numbering.stale;
  numbering.stale = false;
  // the server's when it can be reached (getDoc), the cache's only offline: the cache can be
  // behind the server after a commit whose answer was lost, also across a reload (data/ledger.ts)
  const snap = stale ? await ledgerFromServer(ref) : await getDoc(ref).catch(() => ledgerFromServer(ref));
  // another send may have resolved the position while this one read the ledger
  numbering.next ??= snap.exists() ? snap.data().n : 0;
  return numbering.next++;
}

/**
 * The ledger as the server has it, waiting for the connection if there is none: a send made
 * offline before the ledger was ever read stays queued ("sending…") instead of failing.
 */
function ledgerFromServer(ref: ReturnType<typeof refs.ledger>): Promise<DocumentSnapshot<LedgerDoc>> {
  return readDoc(ref, { fromServer: true });
}

/** One message, live (null when it does not exist). */
export function subscribeMessage(
  db: Firestore,
  roomId: string,
  id: string,
  onMessage: (message: MessageDoc | null) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  return onSnapshot(refs.message(db, roomId, id), (snap) => onMessage(snap.exists() ? snap.data() : null), onError);
}

/**
 * Whether the server holds this message by this author, as the server says (never the cache,
 * and never a view that still carries a local write of it): waits while the client is offline,
 * so a send whose fate is unknown stays "sending" rather than being called failed.
 */
export function messageOnServer(db: Firestore, roomId: string, id: string, authorId: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const stop = onSnapshot(
      refs.message(db, roomId, id),
      { includeMetadataChanges: true },
      (snap) => {
        if (snap.metadata.fromCache || snap.metadata.hasPendingWrites) return;
        stop();
        resolve(snap.exists() && snap.data().authorId === authorId);
      },
      (error) => {
        stop();
        reject(error);
      },
    );
  });
}

/** Forget the in-memory ledger position (after a failed send) so the next send reads the server's. */
export function resetLedger(db: Firestore, uid: string): void {
  const numbering = numberingOf(db, uid);
  numbering.next = undefined;
  numbering.stale = true;
  numbering.run++;
}

/**
 * Notes that the batch numbered `n` in `run` failed, and says whether one numbered before it in
 * the same run had failed already: then this one's number was stale.
 */
function failedBehindAnother(db: Firestore, uid: string, run: number, n: number): boolean {
  const numbering = numberingOf(db, uid);
  const earlier = numbering.failed?.run === run && numbering.failed.n < n;
  if (!earlier) numbering.failed = { run, n };
  return earlier;
}

/**
 * How many times a send refused for a stale number goes out again with the server's: once is
 * enough unless other sends are refused at the same moment; more than a few says something else
 * is wrong.
 */
const STALE_NUMBER_ATTEMPTS = 3;

/**
 * How a send ended: `committed` when the server acknowledged the batch; `reconciled` when the
 * batch failed (or its acknowledgement was lost and the SDK's own resend was refused) but the
 * message is on the server all the same.
 */
export type SendOutcome = 'committed' | 'reconciled';

/**
 * Writes the message and the sender's ledger in one batch: the rules rate-limit by the
 * ledger and accept neither without the other. The message is checked before it gets here (the
 * messages store, lib/validation) and by the rules; a file it carries is already uploaded. Resolves when the server has the message; the
 * message shows locally (pending) at once.
 *
 * A refusal is not taken at its word. A commit can succeed while its answer is lost (a dropped
 * connection, a server that failed after committing); the SDK then sends the same batch again,
 * and that batch meets the message it already created: the rules see an update of an existing
 * message and a ledger entry for a message that exists, and refuse it. So before reporting a
 * failure the server is asked whether the message is there; if it is, the send succeeded.
 * Only the message's own id is checked: the id is the client's, so it cannot be someone else's.
 * A batch refused only because a send queued before it failed goes out again (Numbering).
 */
export function sendMessage(db: Firestore, message: OutgoingMessage, onQueued?: () => void): Promise<SendOutcome> {
  return sendNumbered(db, message, onQueued, 1);
}

async function sendNumbered(
  db: Firestore,
  message: OutgoingMessage,
  onQueued: (() => void) | undefined,
  attempt: number,
): Promise<SendOutcome> {
  const n = await nextSendNumber(db, message.authorId);
  const { run } = numberingOf(db, message.authorId);
  // the batch is in the local write queue from here on: the next send may take its number
  onQueued?.();
  const text = message.text.trim();
  const batch = writeBatch(db);
  // the document the rules expect of a new message (shared textMessage, as seed and tests build it);
  // the id is the path's: the converter leaves it out of the stored data
  batch.set(refs.message(db, message.roomId, message.id), {
    id: message.id,
    ...textMessage({
      authorId: message.authorId,
      authorName: message.authorName,
      text,
      createdAt: serverTimestamp(),
      replyTo: message.replyTo ?? null,
      mentions: (message.mentions ?? []).slice(0, MAX_MENTIONS),
      attachment: message.attachment ?? null,
      threadId: message.thread?.id ?? null,
      inRoom: message.thread?.inRoom ?? true,
    }),
    ...(message.held ? { screened: false } : {}),
  });
  batch.set(
    refs.ledger(db, message.authorId),
    {
      n: n + 1,
      at: { [String(n % RATE_LIMIT_COUNT)]: serverTimestamp() },
      roomId: message.roomId,
      messageId: message.id,
    },
    { merge: true },
  );
  if (message.slowMode) {
    batch.set(refs.slowMode(db, message.roomId, message.authorId), {
      id: message.authorId,
      at: serverTimestamp(),
      messageId: message.id,
    });
  }
  try {
    await batch.commit();
    return 'committed';
  } catch (error) {
    // noted before anything is awaited: the failures of the batches behind this one follow at once
    const stale = failedBehindAnother(db, message.authorId, run, n);
    // Whether this batch or an earlier one with this id moved the server's ledger is unknown
    // here: the next send reads the server's position rather than guessing.
    resetLedger(db, message.authorId);
    const landed = await messageOnServer(db, message.roomId, message.id, message.authorId).catch(() => false);
    if (landed) return 'reconciled';
    // refused behind a failed send of the same run: its number was stale, not the send wrong
    if (stale && attempt < STALE_NUMBER_ATTEMPTS && (error as { code?: unknown }).code === 'permission-denied')
      return sendNumbered(db, message, undefined, attempt + 1);
    throw error;
  }
}

/**
 * Sends a message that may already be on the server (a retry, or a send replayed after a
 * reload): asks the server first, because a batch for a message that exists is refused by the
 * rules (the ledger entry must name a new message), and a refused retry would look like a
 * failure of a message everyone has received.
 */
export async function resendMessage(
  db: Firestore,
  message: OutgoingMessage,
  onQueued?: () => void,
): Promise<SendOutcome> {
  if (await messageOnServer(db, message.roomId, message.id, message.authorId)) {
    onQueued?.();
    return 'reconciled';
  }
  return sendMessage(db, message, onQueued);
}

export interface MessageChanges {
  changes: DocumentChange<MessageDoc>[];
  /** ids of documents with local writes the server has not confirmed */
  pendingIds: Set<string>;
  fromCache: boolean;
}

/** A snapshot's changes with each document's data, as lib/messageWindow's applyChanges takes them. */
export function windowChanges(changes: readonly DocumentChange<MessageDoc>[]): Change<MessageDoc>[] {
  return changes.map((c) => ({ type: c.type, oldIndex: c.oldIndex, newIndex: c.newIndex, doc: c.doc.data() }));
}

/** Subscribes to the latest `count` messages, newest first, with pending-write metadata. */
export function subscribeLatestMessages(
  db: Firestore,
  roomId: string,
  onChanges: (changes: MessageChanges) => void,
  onError: (error: Error) => void,
  count = PAGE_SIZE,
): Unsubscribe {
  const q = query(roomHistory(db, roomId), orderBy('createdAt', 'desc'), limit(Math.min(count, MAX_PAGE)));
  return subscribeChanges(q, onChanges, onError);
}

function subscribeChanges(
  q: Query<MessageDoc>,
  onChanges: (changes: MessageChanges) => void,
  onError: (error: Error) => void,
): Unsubscribe {
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

/**
 * The room's own history: its messages and the thread replies also sent to it, not the replies
 * that stay in their threads. Index: inRoom, createdAt.
 */
function roomHistory(db: Firestore, roomId: string): Query<MessageDoc> {
  return query(refs.messages(db, roomId), where('inRoom', '==', true));
}

/** The most replies a thread shows: its newest ones (a thread this long is rare; older ones are not paged in). */
export const THREAD_PAGE = 100;

/**
 * A thread's replies, the newest THREAD_PAGE of them, newest first, with pending-write metadata
 * (as the room's latest messages). Index: threadId, createdAt.
 */
export function subscribeThreadReplies(
  db: Firestore,
  roomId: string,
  threadId: string,
  onChanges: (changes: MessageChanges) => void,
  onError: (error: Error) => void,
): Unsubscribe {
  const q = query(
    refs.messages(db, roomId),
    where('threadId', '==', threadId),
    orderBy('createdAt', 'desc'),
    limit(THREAD_PAGE),
  );
  return subscribeChanges(q, onChanges, onError);
}

const MAX_PAGE = 100;
/**
 * How long a page of the gap-free tail keeps listening after the tail moved on. On the emulator a
 * message's createdAt is the time its request arrived, and on a busy machine its commit can become
 * visible after later messages (the load test reports by how many); in production a commit's time
 * orders its visibility. A late message whose place is in a page the tail has left is caught by
 * that page while it still listens. Short, because every page listening costs the emulator a
 * query per write: kept a minute, the soak's 100 readers held about 260 pages and sent a third
 * slower (1,258 s for 4,754 messages, where 913 s sent 5,000).
 */
const LATE_COMMIT_MS = 15_000;

/**
 * How long a page of the gap-free tail may show only cached snapshots before it listens again
 * (doubling each time it stays stuck, up to STUCK_MAX_MS). The Firestore emulator can miss a
 * commit that lands while it sets up a new listen: the listen's first result lacks the message
 * and no change follows (`npm run listen-race` shows it with the bare SDK, about one listen in a
 * hundred that race a commit). Where the client holds that message anyway (its own send, or one
 * another page received), the SDK keeps the page "in limbo" until the listen's own results name
 * it, so every later snapshot of that page comes from the cache; a new listen reads the page
 * afresh. Production Firestore gives a listen a consistent start, so this never fires there
 * unless the client is offline, where listening again costs nothing.
 */
export const STUCK_MS = 30_000;
const STUCK_MAX_MS = 300_000;
export const STUCK_CHECK_MS = 5_000;

/** How a gap-free tail reads (subscribeMessagesAfter). */
export interface TailOptions {
  /** start after this message (default: the room's first) */
  after?: DocumentSnapshot<MessageDoc> | null;
  /** messages a page holds, at most MAX_PAGE */
  pageSize?: number;
  /** how long a full page listens on (LATE_COMMIT_MS) */
  lateMs?: number;
  /** told each time a page stuck on cached snapshots listens again (see STUCK_MS) */
  onRelisten?: () => void;
}

/**
 * A gap-free tail of a room: every server-confirmed message exactly once, from the room's first
 * message on (or after `after`). Unlike the "latest N" window, a message cannot slip through
 * unseen between two snapshots: the query is ascending on createdAt and limited, and the tail
 * goes on from half a page back while the page still has room (three quarters settled), so a
 * message that lands while the next page's listen is set up is still inside a page that was
 * listening already (see STUCK_MS for why that matters on the emulator). A page that filled up
 * listens on for LATE_COMMIT_MS: a message whose commit became visible after newer ones is caught
 * by the next page when fewer than half a page overtook it, and by the page it left while that
 * still listens. Such a late message is delivered after newer ones: callers sort by
 * (createdAt, id). Only snapshots the server confirmed are read (a cached one may lack messages
 * in between), and delivery stops at a message still pending.
 */
export function subscribeMessagesAfter(
  db: Firestore,
  roomId: string,
  onMessages: (messages: MessageDoc[]) => void,
  onError: (error: Error) => void,
  { after = null, pageSize = MAX_PAGE, lateMs = LATE_COMMIT_MS, onRelisten }: TailOptions = {},
): Unsubscribe {
  let closed = false;
  const delivered = new Set<string>();
  const size = Math.min(pageSize, MAX_PAGE);
  const half = Math.floor(size / 2);
  /** settled messages at which a page opens the next one: past half (its anchor), with room left */
  const openAt = Math.max(half + 1, Math.ceil((size * 3) / 4));
  interface Page {
    stop: Unsubscribe;
    /** since when its snapshots have come from the cache only, or null */
    cachedSince: number | null;
    stuckMs: number;
    attach(): void;
  }
  /** every page still listening: the newest, and those not yet full or full less than `lateMs` ago */
  const pages = new Set<Page>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const listen = (anchor: DocumentSnapshot<MessageDoc> | null) => {
    const base = roomHistory(db, roomId);
    const q = anchor
      ? query(base, orderBy('createdAt'), startAfter(anchor), limit(size))
      : query(base, orderBy('createdAt'), limit(size));
    let opened = false;
    let full = false;
    const page: Page = {
      stop: () => undefined,
      cachedSince: null,
      stuckMs: STUCK_MS,
      attach() {
        page.stop = onSnapshot(
          q,
          { includeMetadataChanges: true },
          (snapshot) => {
            if (closed) return;
            if (snapshot.metadata.fromCache) {
              page.cachedSince ??= Date.now();
              return;
            }
            page.cachedSince = null;
            page.stuckMs = STUCK_MS;
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
            const overlap = snapshot.docs[half];
            if (!opened && settled >= openAt && overlap) {
              opened = true;
              listen(overlap);
            }
            if (opened && !full && settled >= size) {
              full = true;
              const retire = setTimeout(() => {
                timers.delete(retire);
                pages.delete(page);
                page.stop();
              }, lateMs);
              timers.add(retire);
            }
          },
          onError,
        );
      },
    };
    page.attach();
    pages.add(page);
  };
  const watchdog = setInterval(() => {
    const now = Date.now();
    for (const page of pages) {
      if (page.cachedSince === null || now - page.cachedSince < page.stuckMs) continue;
      page.stop();
      page.cachedSince = now;
      page.stuckMs = Math.min(page.stuckMs * 2, STUCK_MAX_MS);
      page.attach();
      onRelisten?.();
    }
  }, STUCK_CHECK_MS);
  listen(after);
  return () => {
    closed = true;
    clearInterval(watchdog);
    for (const timer of timers) clearTimeout(timer);
    for (const page of pages) page.stop();
    timers.clear();
    pages.clear();
  };
}

/** Reads the ledger once so a later send made offline can chain from the cache. */
export async function warmLedger(db: Firestore, uid: string): Promise<void> {
  await getDoc(refs.ledger(db, uid)).catch(() => undefined);
}

/** The rules' refusal of an edit past EDIT_RATE_COUNT in EDIT_RATE_WINDOW_MS; `retryAt`: when one frees up. */
export class EditLimitReached extends Error {
  override name = 'EditLimitReached';
  constructor(readonly retryAt: Date) {
    super(`At most ${EDIT_RATE_COUNT} edits a minute; the next at ${retryAt.toISOString()}`);
  }
}

/** Attempts at an edit: a refusal may be another edit of mine counted first (another tab). */
const EDIT_ATTEMPTS = 2;

/**
 * The author rewrites their message (the rules allow it for 15 minutes). Mentions stay as
 * sent: an edit changes only text, words and editedAt (and holds the message again where the room
 * holds messages until screened), so nobody is notified by an edit.
 *
 * Counted in my edit ledger (editLedgers/{uid}, naming the message) in the same batch: the rules
 * allow EDIT_RATE_COUNT edits per EDIT_RATE_WINDOW_MS. The ledger is the
 * server's when it can be reached, else the cache's, so an edit made offline queues like any
 * write; a refusal is tried once more from the server's ledger (another tab's edit may have
 * counted first). Throws EditLimitReached, writing nothing, when no edit is left in the window.
 */
export async function editMessage(
  db: Firestore,
  roomId: string,
  id: string,
  text: string,
  options: { held?: boolean; uid: string },
): Promise<void> {
  const trimmed = text.trim();
  const ledgerRef = refs.editLedger(db, options.uid);
  for (let attempt = 1; ; attempt++) {
    const { freesAt, entry } = nextRingEntry(await ledgerNow(ledgerRef), EDIT_RATE_COUNT, EDIT_RATE_WINDOW_MS);
    if (freesAt) throw new EditLimitReached(freesAt);
    const batch = writeBatch(db);
    batch.update(refs.message(db, roomId, id), {
      text: trimmed,
      words: indexWords(trimmed),
      editedAt: serverTimestamp(),
      // in a room that holds messages the new words wait for the screening like a new message's
      ...(options.held ? { screened: false } : {}),
    });
    batch.set(ledgerRef, { ...entry, roomId, messageId: id }, { merge: true });
    try {
      await batch.commit();
      return;
    } catch (error) {
      if (errorCode(error) !== 'permission-denied' || attempt === EDIT_ATTEMPTS) throw error;
    }
  }
}

/** Redacts a message: the author, or a room owner or admin. A placeholder stays in its place. */
export async function redactMessage(db: Firestore, roomId: string, id: string): Promise<void> {
  await updateDoc(refs.message(db, roomId, id), {
    text: '',
    words: [],
    deleted: true,
    attachment: null,
  });
}

/**
 * Gives or takes back one emoji of the caller's on a message: one write of their own reaction
 * document (rooms/{roomId}/messages/{id}/reactions/{uid}), never of the message, so a popular
 * message's reactions never contend. A merge with arrayUnion or arrayRemove, so it needs no read
 * and a retried write changes nothing; taking back the last leaves `emojis: []`. The server counts
 * the documents into the message's `reactions` and `reactionCounts` (coalesced).
 */
export async function setReaction(
  db: Firestore,
  roomId: string,
  id: string,
  emoji: string,
  uid: string,
  on: boolean,
): Promise<void> {
  await setDoc(
    refs.reaction(db, roomId, id, uid),
    { emojis: on ? arrayUnion(emoji) : arrayRemove(emoji) },
    { merge: true },
  );
}

/** The emojis the caller gave a message, as their reaction document holds them ([] for none). */
export async function readMyReaction(db: Firestore, roomId: string, id: string, uid: string): Promise<string[]> {
  return (await getDoc(refs.reaction(db, roomId, id, uid))).data()?.emojis ?? [];
}

/**
 * Messages containing every word of `text`, each as a word or the start of one ("buil" finds
 * "build": messages store their words' prefixes, shared indexWords), newest first. The server
 * filters on the longest query word with array-contains (the words index, newest first); the
 * others are checked here against the message's words.
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
  return (
    snap.docs
      .map((d) => d.data())
      // a message held until screened is found once it is released (lib/screening)
      .filter(
        (m) => !m.deleted && !m.hidden && m.screened !== false && wanted.every((w) => (m.words ?? []).includes(w)),
      )
  );
}

export interface RoomResults {
  roomId: string;
  messages: MessageDoc[];
}

/**
 * searchMessages in each of `roomIds`, side by side: Firestore has no query across the rooms a
 * person may read (the rules decide room by room), so a search costs one query per room, at least
 * one read each, and a read per message found (at most `perRoom`). Rooms whose query failed are
 * named apart, so the others still show.
 */
export async function searchRooms(
  db: Firestore,
  roomIds: string[],
  text: string,
  perRoom = 20,
): Promise<{ found: RoomResults[]; failed: string[] }> {
  const settled = await Promise.allSettled(roomIds.map((roomId) => searchMessages(db, roomId, text, perRoom)));
  const found: RoomResults[] = [];
  const failed: string[] = [];
  settled.forEach((outcome, i) => {
    if (outcome.status === 'rejected') failed.push(roomIds[i]!);
    else if (outcome.value.length > 0) found.push({ roomId: roomIds[i]!, messages: outcome.value });
  });
  return { found, failed };
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
    roomHistory(db, roomId),
    orderBy('createdAt', 'desc'),
    orderBy(documentId(), 'desc'),
    startAfter(before.createdAt, before.id),
    limit(Math.min(count, MAX_PAGE)),
  );
  return onSnapshot(
    q,
    { includeMetadataChanges: true },
    (snap) =>
      onMessages(
        snap.docs.map((d) => d.data()),
        snap.metadata.fromCache,
      ),
    onError,
  );
}

/** One message, or null when it does not exist (or is not readable). */
export async function getMessage(db: Firestore, roomId: string, id: string): Promise<MessageDoc | null> {
  const snap = await getDoc(refs.message(db, roomId, id)).catch(() => null);
  return snap?.exists() ? snap.data() : null;
}

import { UPLOAD_BYTES, UPLOAD_WINDOW_MS, type UploadLedger } from '@chat/shared';
import {
  getDoc,
  serverTimestamp,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type Timestamp,
} from 'firebase/firestore';
import { refs } from './converters';

/**
 * From the server while it can be reached, else from the cache (getDoc falls back to it
 * offline); null when neither answers. Never the cache first: a send whose answer was lost and
 * whose resend the rules refused (data/messages.ts sendMessage) moved the server's ledger and
 * stamp, but the SDK drops a refused write without telling its cache, and a reload forgets what
 * the page knew. A page seeded from that cache sent at once and was refused.
 */
function read<T>(ref: DocumentReference<T>): Promise<DocumentSnapshot<T> | null> {
  return getDoc(ref).catch(() => null);
}

/**
 * The server's times (ms) of my last sends, in any room, as my send ledger keeps them (one slot
 * per send of the rate window); none when it cannot be read (offline, never sent).
 */
export async function ledgerTimes(db: Firestore, uid: string): Promise<number[]> {
  const snap = await read(refs.ledger(db, uid));
  if (!snap?.exists()) return [];
  return Object.values(snap.data().at ?? {})
    .map((t) => t?.toMillis?.())
    .filter((t): t is number => typeof t === 'number');
}

/** The server's time (ms) of my last send to a room in slow mode, from its stamp; null when none is known. */
export async function slowModeStamp(db: Firestore, roomId: string, uid: string): Promise<number | null> {
  const snap = await read(refs.slowMode(db, roomId, uid));
  return snap?.exists() ? (snap.data().at?.toMillis?.() ?? null) : null;
}

/**
 * The next write of a rate-limit ring (firestore.rules ringAdvances: the room and name ledgers)
 * as the rules take it: n + 1, and this request's time in slot n % count, merged into the ledger.
 * `freesAt`: when that slot's last use leaves the window, or null when the write may go now.
 */
export function nextRingEntry(
  ledger: { n: number; at: Record<string, Timestamp | undefined> } | undefined,
  count: number,
  windowMs: number,
  now = Date.now(),
) {
  const n = ledger ? Number(ledger.n) : 0;
  const slot = String(n % count);
  const previous = ledger?.at?.[slot]?.toMillis();
  const freesAt = previous !== undefined && now - previous < windowMs ? new Date(previous + windowMs) : null;
  return { freesAt, entry: { n: n + 1, at: { [slot]: serverTimestamp() } } };
}

/**
 * One of my ledgers (editLedgers, uploadLedgers, roomNameLedgers) as the server last told it, else
 * as cached; undefined when neither knows one.
 */
export async function ledgerNow<T>(ref: DocumentReference<T>): Promise<T | undefined> {
  return (await read(ref))?.data();
}

/**
 * A client clock ahead of the server's by up to this much still never starts a window the
 * server counts as running: the rules refuse that, and only that (firestore.rules uploadCounted).
 */
const CLOCK_MARGIN_MS = 5 * 60_000;

/**
 * The upload ledger's next write for a file of `size` bytes, as the rules take it: the running
 * window's bytes plus this file's, or a new window from this request when the last one has ended.
 * `freesAt`: when the window ends, if this file would take it past UPLOAD_BYTES; else null.
 */
export function nextUploadEntry(
  ledger: UploadLedger<Timestamp> | undefined,
  file: { size: number; roomId: string; attachmentId: string },
  now = Date.now(),
) {
  const { size, roomId, attachmentId } = file;
  const since = ledger?.since?.toMillis?.();
  const running = ledger !== undefined && since !== undefined && now < since + UPLOAD_WINDOW_MS + CLOCK_MARGIN_MS;
  const bytes = running ? Number(ledger.bytes) + size : size;
  const freesAt = running && bytes > UPLOAD_BYTES ? new Date(since + UPLOAD_WINDOW_MS + CLOCK_MARGIN_MS) : null;
  const entry = {
    since: running ? ledger.since : serverTimestamp(),
    bytes,
    at: serverTimestamp(),
    roomId,
    attachmentId,
  };
  return { freesAt, entry };
}

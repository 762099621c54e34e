/**
 * Receipt state of your own messages, derived from the room's receipt summary (members' read
 * cursors, coalesced by the server) and presence heartbeats; never from writes to messages.
 *
 *   sending    the write has not reached the server (pending in the local cache)
 *   sent       the server has it
 *   delivered  a recipient's app has been online since the message was sent: their presence
 *              heartbeat (lastSeen) is at or after the message's time, and the app receives
 *              messages while it runs. Heartbeats come about once a minute, so this can trail
 *              the real delivery by that much; it never claims delivery early.
 *   read       a recipient's read cursor has reached the message
 */
import type { MessageDoc } from '../data/converters';
import { t } from '../i18n';

export type ReceiptState = 'sending' | 'sent' | 'delivered' | 'read';

export interface CursorInfo {
  uid: string;
  name: string;
  /** the time of the newest message the reader had seen (ms): the cursor's lastReadAt */
  at: number;
  /** the newest message the reader had seen */
  messageId: string;
}

export interface ReceiptMessage {
  id: string;
  at: number;
  pending: boolean;
}

/**
 * Whether `cursor` covers `message`. The cursor's message is compared by position in the
 * loaded list (server time order); a cursor message not loaded here is either older than
 * everything loaded (covers nothing loaded) or newer than everything (covers all): its time
 * against the newest loaded message tells which.
 */
export function cursorCovers(
  cursor: CursorInfo,
  message: ReceiptMessage,
  positions: ReadonlyMap<string, number>,
  newestAt: number,
): boolean {
  const cursorPos = positions.get(cursor.messageId);
  const messagePos = positions.get(message.id);
  if (cursorPos !== undefined && messagePos !== undefined) return cursorPos >= messagePos;
  return cursor.at > newestAt && cursor.at >= message.at;
}

export interface Receipt {
  state: ReceiptState;
  /** names of the recipients whose cursor covers the message */
  seenBy: string[];
}

export function receiptFor(
  message: ReceiptMessage,
  options: {
    myUid: string;
    cursors: readonly CursorInfo[];
    /** recipients' presence lastSeen (ms), by uid */
    lastSeen: ReadonlyMap<string, number>;
    positions: ReadonlyMap<string, number>;
    newestAt: number;
  },
): Receipt {
  if (message.pending) return { state: 'sending', seenBy: [] };
  const seenBy = options.cursors
    .filter((c) => c.uid !== options.myUid && cursorCovers(c, message, options.positions, options.newestAt))
    .map((c) => c.name)
    .sort((a, b) => a.localeCompare(b));
  if (seenBy.length > 0) return { state: 'read', seenBy };
  for (const [uid, seen] of options.lastSeen) {
    if (uid !== options.myUid && seen >= message.at) return { state: 'delivered', seenBy };
  }
  return { state: 'sent', seenBy };
}

/**
 * The receipts of my messages among `messages` (by id), from the room's read cursors (`reads`,
 * the receipt summary's) and the recipients' presence (`lastSeen`, ms by uid). A receipt that says
 * what its `previous` one said is that same object: each of my messages shown renders again when
 * its receipt changes, and new objects for all of them on every change of the list re-rendered
 * every one of my messages for each message that arrived.
 */
export function receiptsOf(
  input: {
    myUid: string | null;
    messages: readonly MessageDoc[];
    pendingIds: ReadonlySet<string>;
    reads: Readonly<Record<string, { at: { toMillis(): number } | null; messageId: string; name: string }>>;
    lastSeen: ReadonlyMap<string, number>;
  },
  previous?: ReadonlyMap<string, Receipt>,
): Map<string, Receipt> {
  const { myUid: me, messages, pendingIds, lastSeen } = input;
  const out = new Map<string, Receipt>();
  if (!me) return out;
  const positions = new Map(messages.map((m, i) => [m.id, i]));
  const newest = [...messages].reverse().find((m) => !pendingIds.has(m.id));
  const newestAt = newest?.createdAt?.toMillis() ?? 0;
  const cursors = Object.entries(input.reads).map(([uid, r]) => ({
    uid,
    name: r.name,
    at: r.at?.toMillis() ?? 0,
    messageId: r.messageId,
  }));
  for (const m of messages) {
    if (m.authorId !== me || m.deleted) continue;
    const receipt = receiptFor(
      { id: m.id, at: m.createdAt?.toMillis() ?? Number.MAX_SAFE_INTEGER, pending: pendingIds.has(m.id) },
      { myUid: me, cursors, lastSeen, positions, newestAt },
    );
    const before = previous?.get(m.id);
    out.set(m.id, before && sameReceipt(before, receipt) ? before : receipt);
  }
  return out;
}

/** Whether two receipts say the same: the same state, seen by the same names. */
export function sameReceipt(a: Receipt, b: Receipt): boolean {
  return a.state === b.state && a.seenBy.length === b.seenBy.length && a.seenBy.every((name, i) => name === b.seenBy[i]);
}

/** "Seen by Ana", "Seen by Ana and Ben", "Seen by Ana, Ben and 3 others". */
export function seenByLabel(names: readonly string[]): string {
  if (names.length === 0) return '';
  const [a = '', b = '', c = ''] = names;
  if (names.length === 1) return t('lib.seenBy1', { a });
  if (names.length === 2) return t('lib.seenBy2', { a, b });
  if (names.length === 3) return t('lib.seenBy3', { a, b, c });
  return t('lib.seenByMore', { a, b, count: names.length - 2 });
}

import { activeHourMs } from '@chat/shared';
import { type Firestore, Timestamp } from 'firebase-admin/firestore';
import { type FlushOptions, markPending, type PendingMark, requestFlush } from './coalesce.js';
import { countOf, countTallied, type GrowingSet, TALLY_FROM } from './tally.js';
import { refs, type MessageTallyData, type RoomData } from './typed.js';
import { type ConditionalWrite, writeIfUnchanged } from './writeIfUnchanged.js';

export const EXCERPT_LENGTH = 140;
/**
 * The room document has listeners in every member's room list, and Firestore sustains about one
 * write a second to a document: the summary is written at most once per 1.2 s, a sixth below that
 * limit. Exactly a second was the limit itself, so a busy room's document measured at it (1.01
 * writes a second over 20 s, a window holding one slot more than its length) and any clock skew
 * between instances would pass it.
 */
export const SUMMARY_INTERVAL_MS = 1_200;
/** Enough to step over a few redacted or hidden messages at the end of the room. */
const LATEST_SCAN = 10;

export function summaryKey(roomId: string): string {
  return `roomSummary_${roomId}`;
}

/**
 * Records that the room's summary is stale: a mark of the event's own, so busy rooms do not
 * contend. `redacted`: the event redacted a message, so the flush recounts the redacted ones.
 */
export function markSummaryStale(store: Firestore, roomId: string, eventId: string, redacted = false): Promise<void> {
  return markPending(store, summaryKey(roomId), eventId, redacted ? { redacted: true } : {});
}

/**
 * Records that the room's member count is stale (a join or a leave). It rides the summary's
 * coalescing: the room document takes at most one server write per SUMMARY_INTERVAL_MS for both,
 * so a burst of sign-ups into a big public room (every new user enters #general) never contends
 * on it.
 */
export function markMembersStale(store: Firestore, roomId: string, eventId: string): Promise<void> {
  return markPending(store, summaryKey(roomId), eventId, { members: true });
}

/**
 * What a flush recomputes: the messages' summary, the member count, or both; with `redactions`,
 * a redaction is among the events, so a room's tally recounts its redacted messages.
 */
export interface SummaryParts {
  messages: boolean;
  members: boolean;
  redactions?: boolean;
}
const MESSAGES_ONLY: SummaryParts = { messages: true, members: false };

/**
 * The parts a flush with these marks recomputes: the messages always (a message's event makes no
 * mark, and a task asked for by a join is the same task its slot's messages ask for), the members
 * when a join or leave marked them, the redacted count when a redaction did.
 */
export function partsOf(pending: readonly Pick<PendingMark, 'members' | 'redacted'>[]): SummaryParts {
  return {
    messages: true,
    members: pending.some((m) => m.members === true),
    redactions: pending.some((m) => m.redacted === true),
  };
}

/** The server-owned fields of the room. */
type Summary = Pick<RoomData, 'lastMessage' | 'lastMessageAt' | 'activeHour' | 'messageCount' | 'messageTally'>;

/**
 * The room's messageCount (its messages in the room, less the redacted ones), and the tally to
 * keep when it changed (MessageTally). A room under TALLY_FROM messages counts those not redacted
 * at once, as every room starts. From there its messages are counted from a tally (countTallied),
 * and the redacted ones recounted only when the flush has a redaction (each redaction marks its
 * event so: one committed after this count has a mark that a later flush reads, which recounts).
 */
async function countMessages(
  store: Firestore,
  roomId: string,
  tally: MessageTallyData | undefined,
  redactions: boolean,
): Promise<Pick<Summary, 'messageCount' | 'messageTally'>> {
  const inRoom = refs.messages(store, roomId).where('inRoom', '==', true);
  if (!tally) {
    const shown = await countOf(inRoom.where('deleted', '==', false));
    if (shown < TALLY_FROM) return { messageCount: shown };
  }
  const messages: GrowingSet = {
    all: inRoom,
    after: (from) => inRoom.where('createdAt', '>', from),
    upTo: (to) => inRoom.where('createdAt', '<=', to),
    between: (from, to) => inRoom.where('createdAt', '>', from).where('createdAt', '<=', to),
  };
  const [all, redacted] = await Promise.all([
    countTallied(messages, tally && { upTo: tally.upTo, count: tally.count }),
    tally && !redactions ? tally.redacted : countOf(inRoom.where('deleted', '==', true)),
  ]);
  const messageCount = all.count - redacted;
  const kept = all.tally ?? tally;
  return kept && (kept !== tally || redacted !== tally.redacted)
    ? { messageCount, messageTally: { upTo: kept.upTo, count: kept.count, redacted } }
    : { messageCount };
}

/**
 * The summary recomputed from the messages themselves (the newest visible message and the count,
 * countMessages), so it is right whatever order events arrive in and however often. `room` is the
 * room as read before (its tally, if it has one). The newest message is read alone first: it is
 * the one shown almost always, and each document a flush reads is billed (LATEST_SCAN of them on
 * every flush were about half its bill).
 */
export async function computeSummary(
  store: Firestore,
  roomId: string,
  room?: Pick<RoomData, 'messageTally'>,
  redactions = false,
): Promise<Summary> {
  const messages = refs.messages(store, roomId);
  // the room's own history: a reply that stays in its thread is neither its latest nor counted
  const newestFirst = messages.where('inRoom', '==', true).orderBy('createdAt', 'desc');
  const [newest, counted] = await Promise.all([
    newestFirst.limit(1).get(),
    countMessages(store, roomId, room?.messageTally, redactions),
  ]);
  // a message held until screened is not shown to the room yet: its words stay out of every
  // member's room list and notifications until the screening function releases it
  const firstShown = (docs: typeof newest.docs) =>
    docs.find((d) => {
      const { deleted, hidden, screened } = d.data();
      return deleted !== true && hidden !== true && screened !== false;
    });
  // the newest is deleted, hidden or held: step back over a few
  const last =
    firstShown(newest.docs) ??
    (newest.empty ? undefined : firstShown((await newestFirst.limit(LATEST_SCAN).get()).docs));
  const shown = last?.data();
  const at = shown?.createdAt ?? null;
  return {
    ...counted,
    lastMessageAt: at,
    activeHour: at && Timestamp.fromMillis(activeHourMs(at.toMillis())),
    lastMessage:
      last && shown && at
        ? {
            id: last.id,
            authorId: String(shown.authorId ?? ''),
            authorName: String(shown.authorName ?? ''),
            excerpt: String(shown.text ?? '').slice(0, EXCERPT_LENGTH),
            at,
          }
        : null,
  };
}

function same(a: Summary, room: RoomData): boolean {
  const lm = room.lastMessage;
  return (
    room.messageCount === a.messageCount &&
    a.messageTally === undefined &&
    (lm?.id ?? null) === (a.lastMessage?.id ?? null) &&
    (lm?.excerpt ?? null) === (a.lastMessage?.excerpt ?? null) &&
    (room.activeHour?.toMillis() ?? null) === (a.activeHour?.toMillis() ?? null)
  );
}

/**
 * The room's members as a count() aggregation of its member documents (billed as one read per
 * 1,000 of them), so it is right whatever order joins and leaves arrive in and however often an
 * event is delivered: a group room holds no list of its members.
 */
async function countMembers(store: Firestore, roomId: string): Promise<number> {
  return (await refs.members(store, roomId).count().get()).data().count;
}

/**
 * Writes the room's summary recomputed from its messages, and with `parts.members` its
 * memberCount recounted, on condition the room is unchanged since it was read (writeIfUnchanged):
 * two flushers overlap when a lease runs out under load, and the slower one's stale summary (or
 * count) would otherwise stay until the next message or join (a badge counted up to it stays one
 * message behind). Every message and membership committed before the read is in what is computed
 * after it. `beforeWrite` lets tests hold the write to drive that order.
 */
export function writeRoomSummary(
  store: Firestore,
  roomId: string,
  parts: SummaryParts = MESSAGES_ONLY,
  beforeWrite?: () => Promise<void>,
): Promise<ConditionalWrite> {
  return writeIfUnchanged(
    refs.room(store, roomId),
    async (room) => {
      const [summary, members] = await Promise.all([
        parts.messages ? computeSummary(store, roomId, room, parts.redactions) : null,
        parts.members ? countMembers(store, roomId) : null,
      ]);
      const update = {
        ...(summary && !same(summary, room) ? summary : {}),
        ...(members !== null && members !== room.memberCount ? { memberCount: members } : {}),
      };
      return Object.keys(update).length > 0 ? update : null;
    },
    beforeWrite,
  );
}

/** Flushes the room's summary (and member count, when a join or leave marked it), coalesced; see requestFlush. */
export function flushRoomSummary(store: Firestore, roomId: string, options: FlushOptions = {}) {
  const roomRef = store.doc(`rooms/${roomId}`);
  return requestFlush({
    ...options,
    store,
    key: summaryKey(roomId),
    minIntervalMs: SUMMARY_INTERVAL_MS,
    recomputes: true,
    lastWriteMs: async () => (await roomRef.get()).updateTime?.toMillis() ?? null,
    // Every marked event was committed before it was marked, so a summary computed after the
    // marks were read includes them all; an unmarked one (a message) before its task was asked for,
    // or before its own quiet-spell flush.
    flush: async (pending) => {
      await writeRoomSummary(store, roomId, partsOf(pending.map((mark) => mark.data())));
    },
  });
}

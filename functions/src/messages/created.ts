import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { emptyWindow, muteDurationMs, recordSend, type WindowState } from '../lib/rateWindow.js';
import { bumpStats, dayKey } from '../lib/stats.js';
import { systemText } from '../lib/systemEvents.js';
import { systemMessageData, systemMessageId } from '../lib/systemMessage.js';
import { converter, refs, type MessageData } from '../lib/typed.js';

/** the name its claims and log lines carry (it was a trigger of its own) */
export const FN = 'onMessageCreated';

export interface CreatedMessage {
  eventId: string;
  roomId: string;
  message: MessageData;
  /** the time the handler treats as now (tests pass their own) */
  now?: number;
}

/**
 * The sender's messages on their latest active day, and on the one before it: the daily stats are
 * summed from these (lib/stats.ts dayFigures), so no document is written for the whole app per
 * message.
 */
export interface DayCount {
  activeDay: string;
  dayMessages: number;
  prevDay: string | null;
  prevDayMessages: number;
}

/**
 * How many of the sender's latest events userLimits/{uid} remembers as counted. An event is
 * redelivered when its invocation fails, from 10 s later with backoff, for at most an hour
 * (lib/trigger.ts MAX_EVENT_AGE_MS); a repeat arriving after this many newer messages of the same
 * sender (two minutes at the cross-room limit) is counted again, once more in their window and
 * their day: the error is never a message left uncounted.
 */
export const COUNTED_KEEP = 64;

/** What makes a repeated event a no-op: the latest events counted, newest last. */
interface Counted {
  counted: string[];
}

/** userLimits/{uid}: server-owned, written only here; a sender's first message finds none */
export type UserLimits = Partial<WindowState & DayCount & Counted>;
const userLimits = converter<UserLimits>();

/** `previous` counted one message more on `day`, moving its latest day back when `day` is a new one. */
export function countDay(previous: Partial<DayCount>, day: string): DayCount {
  if (previous.activeDay === day) {
    return {
      activeDay: day,
      dayMessages: (previous.dayMessages ?? 0) + 1,
      prevDay: previous.prevDay ?? null,
      prevDayMessages: previous.prevDayMessages ?? 0,
    };
  }
  return {
    activeDay: day,
    dayMessages: 1,
    prevDay: previous.activeDay || null,
    prevDayMessages: previous.activeDay ? (previous.dayMessages ?? 0) : 0,
  };
}

/**
 * Accounts for one new text message, exactly once per event, in one transaction: the sender's
 * cross-room sliding window and their count of the day (userLimits/{uid}, which the daily stats
 * sum). The event's id is kept in the same document (`counted`, the latest COUNTED_KEEP), so a
 * repeat finds it there and does nothing: one read and one write a message, with no claim
 * document of its own (processedEvents: a read, a write and its TTL delete more, each message).
 * Crossing the window mutes the sender in restrictions/{uid} (strikes, reason; read only then)
 * for a growing period and posts a system message in the room; the mute then reaches
 * ledgers/{uid}.mutedUntil, which the rules read, and they refuse sends while it is in the future,
 * so the mute lifts itself when the period ends.
 *
 * The ledger is written after the transaction, never in it: every send's rules read the sender's
 * ledger, and a transaction holds what it writes while it commits (the emulator, and production
 * for server transactions, lock it), so a send would wait for the lock, and a rules lookup that
 * times out refuses the send (issue #11's "evaluation error"). test/functions/contention.test.ts
 * holds every Functions transaction to that.
 */
export async function handleMessageCreated(
  store: Firestore,
  { eventId, roomId, message, now = Date.now() }: CreatedMessage,
): Promise<string> {
  if (message.kind !== 'text' || typeof message.authorId !== 'string') return 'not-a-user-message';
  const uid = message.authorId;
  const at = message.createdAt instanceof Timestamp ? message.createdAt.toMillis() : now;
  const limitsRef = store.doc(`userLimits/${uid}`).withConverter(userLimits);
  const restrictionRef = refs.restriction(store, uid);
  const outcome = await store.runTransaction(async (tx) => {
    const previous = (await tx.get(limitsRef)).data() ?? {};
    const counted = previous.counted ?? [];
    if (counted.includes(eventId)) return 'duplicate';
    const { state, violation } = recordSend(
      { ...emptyWindow(), ...previous },
      { at, text: String(message.text ?? '') },
    );
    // a transaction reads before its first write: the restriction only when the window is crossed
    const restricted = violation ? (await tx.get(restrictionRef)).data() : undefined;
    const day = dayKey(new Date(now));
    tx.set(limitsRef, { ...state, ...countDay(previous, day), counted: [...counted, eventId].slice(-COUNTED_KEEP) });
    const mutedUntil = restricted?.mutedUntil?.toMillis() ?? 0;
    if (!violation || mutedUntil > now) return violation ? 'already-muted' : 'counted';
    const strikes = (restricted?.strikes ?? 0) + 1;
    const duration = muteDurationMs(strikes);
    const reason = violation === 'too-many' ? 'too many messages in a minute' : 'the same message again and again';
    const until = Timestamp.fromMillis(now + duration);
    tx.set(restrictionRef, { mutedUntil: until, strikes, reason });
    tx.create(
      store.doc(`rooms/${roomId}/messages/${systemMessageId(`${FN}_${eventId}`)}`),
      systemMessageData(
        systemText.limited(String(message.authorName ?? 'Someone'), duration, violation),
      ),
    );
    bumpStats(tx, store, { moderationActions: 1 }, day);
    return `muted:${violation}`;
  });
  // a redelivered event may be one whose mute committed while its ledger write was lost
  if (outcome.startsWith('muted:') || outcome === 'duplicate') await muteLedger(store, uid, now);
  return outcome;
}

/** Copies a mute in force from restrictions/{uid} onto the sender's ledger, where the rules read it. */
async function muteLedger(store: Firestore, uid: string, now: number): Promise<void> {
  const until = (await refs.restriction(store, uid).get()).data()?.mutedUntil;
  if (until && until.toMillis() > now) await store.doc(`ledgers/${uid}`).set({ mutedUntil: until }, { merge: true });
}

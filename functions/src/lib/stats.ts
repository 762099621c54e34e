import {
  AggregateField,
  FieldValue,
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import type { BusyRoom } from '@chat/shared';
import { refs } from './typed.js';

const DAY_MS = 86_400_000;
/** The busiest rooms of a day are counted among this many rooms active latest that day. */
export const BUSIEST_SCAN = 50;
export const BUSIEST_SHOWN = 5;

/** The UTC day a stats document covers: stats/{yyyy-mm-dd}. */
export function dayKey(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10);
}

export function statsRef(store: Firestore, day = dayKey()): DocumentReference {
  return store.collection('stats').doc(day);
}

/** The rare events counted as they happen (a report, a moderation action): a share of messages, not every one. */
export interface StatsDelta {
  reports?: number;
  moderationActions?: number;
}

/**
 * Counters of the day's events, spread over this many documents (stats/{day}/counts/{shard}): one
 * document for the whole app would take at most about one write a second, and a moderated share
 * of 1,000 messages a second is more than that. The refresh sums them into stats/{day}.
 */
export const STATS_SHARDS = 16;

export function countsOf(store: Firestore, day: string) {
  return statsRef(store, day).collection('counts');
}

/**
 * Adds to the day's counts with increments on a shard picked at random, so concurrent functions
 * never overwrite each other and no one document takes every event. `shard` is for tests.
 */
export function bumpStats(
  tx: Transaction,
  store: Firestore,
  delta: StatsDelta,
  day = dayKey(),
  shard = Math.floor(Math.random() * STATS_SHARDS),
): void {
  const data: Record<string, unknown> = {};
  if (delta.reports) data.reports = FieldValue.increment(delta.reports);
  if (delta.moderationActions) data.moderationActions = FieldValue.increment(delta.moderationActions);
  if (Object.keys(data).length > 0) tx.set(countsOf(store, day).doc(String(shard)), data, { merge: true });
}

/**
 * The day's counted events: the sums of its shards, one aggregation per field (a read per 1,000
 * shards each): an aggregation of several fields counts only the documents holding all of them,
 * and a shard holds only the fields its events bumped.
 */
export async function dayCounts(store: Firestore, day: string): Promise<Required<StatsDelta>> {
  const sum = async (field: keyof StatsDelta) =>
    (await countsOf(store, day).aggregate({ total: AggregateField.sum(field) }).get()).data().total ?? 0;
  const [reports, moderationActions] = await Promise.all([sum('reports'), sum('moderationActions')]);
  return { reports, moderationActions };
}

/**
 * A day's messages and active people, from the senders' own windows (userLimits/{uid}, written by
 * onMessageCreated with each message anyway): `dayMessages` counts the sender's messages on
 * `activeDay`, and the day before a sender's latest one is kept as prevDay/prevDayMessages. Two
 * aggregation queries, billed one read per 1,000 people counted; no document is written per message
 * for the whole app (docs/data-model.md, Statistics).
 */
export async function dayFigures(store: Firestore, day: string): Promise<{ messages: number; activeUsers: number }> {
  const [latest, previous] = await Promise.all([
    store
      .collection('userLimits')
      .where('activeDay', '==', day)
      .aggregate({ messages: AggregateField.sum('dayMessages'), people: AggregateField.count() })
      .get(),
    store
      .collection('userLimits')
      .where('prevDay', '==', day)
      .aggregate({ messages: AggregateField.sum('prevDayMessages'), people: AggregateField.count() })
      .get(),
  ]);
  return {
    messages: (latest.data().messages ?? 0) + (previous.data().messages ?? 0),
    activeUsers: latest.data().people + previous.data().people,
  };
}

/**
 * The rooms with the most people's messages on `day`, among the BUSIEST_SCAN rooms whose last
 * message is in that day's latest hours (activeHour; a count() each). Direct conversations are
 * nobody else's business and are left out.
 */
export async function busiestRooms(store: Firestore, day: string): Promise<BusyRoom[]> {
  const start = Timestamp.fromMillis(Date.parse(`${day}T00:00:00Z`));
  const end = Timestamp.fromMillis(start.toMillis() + DAY_MS);
  // by the hour of their last message (activeHour), not its time: lastMessageAt is not indexed
  const rooms = await refs
    .rooms(store)
    .where('activeHour', '>=', start)
    .where('activeHour', '<', end)
    .orderBy('activeHour', 'desc')
    .limit(BUSIEST_SCAN)
    .get();
  const counted = await Promise.all(
    rooms.docs
      .filter((room) => room.data().kind !== 'direct')
      .map(async (room) => {
        const messages = await room.ref
          .collection('messages')
          .where('kind', '==', 'text')
          .where('createdAt', '>=', start)
          .where('createdAt', '<', end)
          .count()
          .get();
        return { roomId: room.id, name: String(room.data().name ?? room.id), messages: messages.data().count };
      }),
  );
  return counted
    .filter((room) => room.messages > 0)
    .sort((a, b) => b.messages - a.messages)
    .slice(0, BUSIEST_SHOWN);
}

/**
 * Writes today's figures (messages, active people, busiest rooms, the counted events) and
 * yesterday's last ones into stats/{day}. Yesterday's are final once every sender's window has
 * moved on, which its prevDay fields cover until their next active day. Every figure is set, never
 * added to, so a refresh repeated finds the same.
 */
export async function refreshStats(store: Firestore, now = Date.now()): Promise<{ today: string; messages: number }> {
  const today = dayKey(new Date(now));
  const yesterday = dayKey(new Date(now - DAY_MS));
  const [current, previous, busiest, todayCounts, yesterdayCounts] = await Promise.all([
    dayFigures(store, today),
    dayFigures(store, yesterday),
    busiestRooms(store, today),
    dayCounts(store, today),
    dayCounts(store, yesterday),
  ]);
  const updatedAt = Timestamp.fromMillis(now);
  await Promise.all([
    statsRef(store, today).set({ ...current, ...todayCounts, busiestRooms: busiest, updatedAt }, { merge: true }),
    statsRef(store, yesterday).set({ ...previous, ...yesterdayCounts, updatedAt }, { merge: true }),
  ]);
  return { today, messages: current.messages };
}

/** What the admin page reads: daily stats (app admins) and rooms' moderation queues (their owners and admins). */
import type { DailyStats, QueueItem, RoomRole } from '@chat/shared';
import {
  collection,
  documentId,
  getDoc,
  limit,
  orderBy,
  query,
  where,
  type Firestore,
  type Timestamp,
} from 'firebase/firestore';
import { converter, refs, type WithId } from './converters';
import { querySubscription } from './listen';

export type StatsDoc = WithId<DailyStats<Timestamp>>;
export type QueueDoc = WithId<QueueItem<Timestamp>>;

const statsConverter = converter<DailyStats<Timestamp>>();
const queueConverter = converter<QueueItem<Timestamp>>();

/**
 * The daily stats from `sinceDay` (yyyy-mm-dd) on, oldest first: Firestore cannot scan keys in
 * descending order, so the caller asks for the days since a week ago.
 */
export const subscribeStats = querySubscription((db, sinceDay: string, days: number) =>
  query(
    collection(db, 'stats').withConverter(statsConverter),
    where(documentId(), '>=', sinceDay),
    orderBy(documentId()),
    limit(days),
  ),
);

/** A room's messages waiting for a moderator's decision. */
export const subscribeModerationQueue = querySubscription((db, roomId: string, count: number) =>
  query(
    collection(db, 'rooms', roomId, 'moderationQueue').withConverter(queueConverter),
    where('status', '==', 'pending'),
    limit(count),
  ),
);

/** The user's role in a room, or null when they are not a member (or it cannot be read). */
export async function roleIn(db: Firestore, roomId: string, uid: string): Promise<RoomRole | null> {
  const member = await getDoc(refs.member(db, roomId, uid)).catch(() => null);
  return member?.data()?.role ?? null;
}

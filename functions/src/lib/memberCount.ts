import type { Firestore } from 'firebase-admin/firestore';
import type { Scheduler } from './flushLater.js';
import { flushRoomSummary, markMembersStale, summaryKey } from './roomSummary.js';

/**
 * A join or a leave: rooms/{roomId}.memberCount is counted again from the member documents, with
 * the room's summary and coalesced like it (roomSummary.ts): the event leaves a mark named by
 * itself (a redelivery marks the same), and the flush counts every membership committed before it.
 * The room document, which every member's room list listens to, takes at most one server write a
 * second however fast people join. With `schedule` (the deployed triggers: flushLater), a count
 * not due yet is left to a delayed task; without, it is waited for.
 */
export async function recountMembers(
  store: Firestore,
  roomId: string,
  eventId: string,
  schedule?: Scheduler,
): Promise<string> {
  await markMembersStale(store, roomId, eventId);
  return flushRoomSummary(store, roomId, { later: schedule?.(summaryKey(roomId)) });
}

import type { Firestore } from 'firebase-admin/firestore';
import { refs } from './typed.js';
import { type ConditionalWrite, writeIfUnchanged } from './writeIfUnchanged.js';

/**
 * Writes rooms/{roomId}.memberCount as a count() aggregation of its member documents (billed as
 * one read per 1,000 of them), so it is right whatever order joins and leaves arrive in and
 * however often an event is delivered. The write holds only if the room is unchanged since it was
 * read before the count (writeIfUnchanged), so a count taken before a later join never lands over
 * the later one's (two joins' triggers run side by side). One write per join or leave that changes
 * the count, to a document every member's room list listens to: a room that gains members faster
 * than about one a second, sustained, would contend here (docs/scale.md).
 */
export function writeMemberCount(store: Firestore, roomId: string): Promise<ConditionalWrite> {
  return writeIfUnchanged(refs.room(store, roomId), async (room) => {
    // every membership committed before the room was read is in this count
    const count = (await refs.members(store, roomId).count().get()).data().count;
    return room.memberCount === count ? null : { memberCount: count };
  });
}

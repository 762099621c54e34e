import type { Firestore } from 'firebase-admin/firestore';
import { refs } from './typed.js';

const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;
/** A conditional write that keeps losing to other writers of the room gives up after this many. */
const COUNT_ATTEMPTS = 5;

/**
 * Writes rooms/{roomId}.memberCount as a count() aggregation of its member documents (billed as
 * one read per 1,000 of them), so it is right whatever order joins and leaves arrive in and
 * however often an event is delivered. The room is read before the count and the write holds only
 * if the room is unchanged since, so a count taken before a later join never lands over the later
 * one's (two joins' triggers run side by side); the loser reads again and counts again. One write
 * per join or leave that changes the count, to a document every member's room list listens to:
 * a room that gains members faster than about one a second, sustained, would contend here
 * (docs/scale.md).
 */
export async function writeMemberCount(store: Firestore, roomId: string): Promise<'written' | 'unchanged' | 'gone'> {
  const roomRef = refs.room(store, roomId);
  for (let attempt = 1; ; attempt++) {
    const room = await roomRef.get();
    if (!room.exists) return 'gone';
    // every membership committed before this count is in it
    const count = (await refs.members(store, roomId).count().get()).data().count;
    if (room.data()?.memberCount === count) return 'unchanged';
    try {
      await roomRef.update({ memberCount: count }, { lastUpdateTime: room.updateTime! });
      return 'written';
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === NOT_FOUND) return 'gone';
      if (code !== FAILED_PRECONDITION || attempt >= COUNT_ATTEMPTS) throw error;
    }
  }
}

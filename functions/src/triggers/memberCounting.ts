import type { Firestore } from 'firebase-admin/firestore';
import { flushLater } from '../lib/flushLater.js';
import { flushMemberCount, markMembersChanged, memberCountKey } from '../lib/memberCount.js';

/**
 * A join or leave of a group room: marks its member count stale and asks for the coalesced count
 * (lib/memberCount.ts). A redelivered event marks again and costs at most a count that changes
 * nothing.
 */
export async function countMembers(store: Firestore, roomId: string, eventId: string): Promise<string> {
  await markMembersChanged(store, roomId, eventId);
  return flushMemberCount(store, roomId, { later: flushLater(memberCountKey(roomId)) });
}

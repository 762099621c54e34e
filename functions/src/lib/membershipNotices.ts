import type { DocumentSnapshot, Firestore, Timestamp } from 'firebase-admin/firestore';
import { postSystemMessage } from './systemMessage.js';
import type { SystemNotice } from './systemEvents.js';

/**
 * A person's "joined" (or "left") notice in one room is posted at most once in this long. Joining
 * and leaving a public room in a loop would otherwise fill its history with notices, each a
 * message delivered to every member who has the room open: later joins and leaves within the hour
 * change the member list and count, quietly.
 */
export const MEMBERSHIP_NOTICE_REPEAT_MS = 3_600_000;

export type MembershipChange = 'joined' | 'left';

/** rooms/{roomId}/noticeMarks/{uid} (server only): the last notice of each kind about uid there. */
interface NoticeMarks {
  joined?: { at: Timestamp; eventId: string };
  left?: { at: Timestamp; eventId: string };
}

export const noticeMarkPath = (roomId: string, uid: string) => `rooms/${roomId}/noticeMarks/${uid}`;

/**
 * Whether the event's notice is due: none of its kind in the last MEMBERSHIP_NOTICE_REPEAT_MS
 * before the event, or the last one was this very event (a redelivery: its post is idempotent).
 */
export function noticeDue(marks: NoticeMarks | undefined, change: MembershipChange, eventId: string, atMs: number): boolean {
  const last = marks?.[change];
  return !last || last.eventId === eventId || atMs - last.at.toMillis() >= MEMBERSHIP_NOTICE_REPEAT_MS;
}

/**
 * Posts the join or leave notice unless one of its kind about the person went out in the room
 * within the hour (`mark`: their noticeMarks document, read with the trigger's other reads), then
 * records it. `record` false posts without a record (an account being deleted keeps no trace).
 */
export async function postMembershipNotice(
  store: Firestore,
  p: {
    roomId: string;
    uid: string;
    change: MembershipChange;
    eventId: string;
    notice: SystemNotice;
    at: Timestamp | string;
    mark: DocumentSnapshot;
    record?: boolean;
  },
): Promise<'posted' | 'duplicate' | 'quiet:repeat'> {
  const atMs = typeof p.at === 'string' ? Date.parse(p.at) : p.at.toMillis();
  if (!noticeDue(p.mark.data() as NoticeMarks | undefined, p.change, p.eventId, atMs)) return 'quiet:repeat';
  const outcome = await postSystemMessage(store, p.roomId, p.eventId, p.notice, p.at);
  if (p.record !== false) {
    const at = typeof p.at === 'string' ? new Date(p.at) : p.at;
    await store.doc(noticeMarkPath(p.roomId, p.uid)).set({ [p.change]: { at, eventId: p.eventId } }, { merge: true });
  }
  return outcome;
}

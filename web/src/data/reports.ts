import { MAX_REASON } from '@chat/shared';
import { getDocFromServer, serverTimestamp, setDoc, type Firestore } from 'firebase/firestore';
import { refs, type ReportDoc } from './converters';
import { writeOnce } from './writeOnce';

/**
 * Reports a message to the room's admins (and, past the room's threshold, hides it: functions
 * onReportCreated). One per person and message: the id is `{uid}_{messageId}`, so a second report
 * is an update of the first and the rules refuse it; ask `myReport` first to say so.
 *
 * The SDK's resend of a report whose answer was lost is refused the same way: a report that was
 * not on the server before and is there now, as it was sent, is this one.
 */
export async function reportMessage(
  db: Firestore,
  roomId: string,
  messageId: string,
  uid: string,
  reason: string,
): Promise<void> {
  const ref = refs.report(db, roomId, uid, messageId);
  const text = reason.trim().slice(0, MAX_REASON);
  const before = await getDocFromServer(ref).then(
    (snap) => snap.exists(),
    () => null,
  );
  await writeOnce(
    () =>
      setDoc(ref, {
        id: `${uid}_${messageId}`,
        messageId,
        reporterId: uid,
        reason: text,
        createdAt: serverTimestamp(),
      }),
    async () => {
      const report = (await getDocFromServer(ref)).data();
      return before === false && report?.reporterId === uid && report.messageId === messageId && report.reason === text;
    },
  );
}

/**
 * My report of a message, or null. Asked of the server: the answer decides whether a report can be
 * made, and a cached "none" would let a second one be tried (and refused).
 */
export async function myReport(
  db: Firestore,
  roomId: string,
  messageId: string,
  uid: string,
): Promise<ReportDoc | null> {
  const snapshot = await getDocFromServer(refs.report(db, roomId, uid, messageId));
  return snapshot.exists() ? snapshot.data() : null;
}

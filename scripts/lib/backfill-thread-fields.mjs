// The one-off backfill of threadId and inRoom on messages written before threads existed
// (docs/data-model.md, "Threads"): the room's history reads `where('inRoom', '==', true)`, and a
// message without the field is in no index of it, so it would vanish from the room. Admin SDK,
// past the rules (no client may change either field).
import { FieldPath } from 'firebase-admin/firestore';

/**
 * Reads every message in pages of `pageSize` by path and writes threadId: null and inRoom: true on
 * each that lacks either (such a message predates threads, so it is a room message), each update
 * conditional on the document's updateTime (a write in between fails it: run again). Firestore has
 * no query for a missing field, so it reads every message once: a billed read each. Resumable and
 * safe to repeat; returns what it saw.
 */
export async function backfillThreadFields(db, { pageSize = 300, log = () => {} } = {}) {
  const result = { scanned: 0, updated: 0, changedMeanwhile: 0 };
  let last = null;
  for (;;) {
    let page = db.collectionGroup('messages').orderBy(FieldPath.documentId()).limit(pageSize);
    if (last) page = page.startAfter(last);
    const snap = await page.get();
    if (snap.empty) break;
    const writer = db.bulkWriter();
    writer.onWriteError((error) => {
      // FAILED_PRECONDITION: written since it was read; NOT_FOUND: gone since
      if (error.code === 9 || error.code === 5) {
        result.changedMeanwhile++;
        return false;
      }
      return error.failedAttempts < 5;
    });
    for (const doc of snap.docs) {
      result.scanned++;
      if (doc.get('inRoom') !== undefined && doc.get('threadId') !== undefined) continue;
      writer
        .update(
          doc.ref,
          { inRoom: doc.get('inRoom') ?? true, threadId: doc.get('threadId') ?? null },
          { lastUpdateTime: doc.updateTime },
        )
        .then(() => result.updated++, () => {});
    }
    await writer.close();
    last = snap.docs[snap.docs.length - 1];
    log(`${result.scanned} scanned, ${result.updated} updated`);
  }
  return result;
}

// The one-off backfill of rooms/{roomId}/members/{uid}.nameLower for documents written before it
// existed (docs/data-model.md, "Mention search"): a document without the field is in no index of
// it, so the composer's prefix search cannot find that member. Admin SDK, past the rules (their
// update rule lets no client touch the names).
import { FieldPath } from 'firebase-admin/firestore';

/** The value memberDocument stores (shared/src/rooms.ts memberNameLower): the name lowercased. */
const lowerOf = (displayName) => displayName.toLowerCase();

/**
 * Reads every member document in pages of `pageSize` by path and writes nameLower where it is
 * absent or out of step with displayName, each update conditional on the document's updateTime
 * (a write in between, such as the server masking the name, fails it: run again). Resumable and
 * safe to repeat; returns what it saw.
 */
export async function backfillMemberNames(db, { pageSize = 300, log = () => {} } = {}) {
  const result = { scanned: 0, updated: 0, changedMeanwhile: 0 };
  let last = null;
  for (;;) {
    let page = db.collectionGroup('members').orderBy(FieldPath.documentId()).limit(pageSize);
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
      const name = doc.get('displayName');
      if (typeof name !== 'string' || doc.get('nameLower') === lowerOf(name)) continue;
      writer
        .update(doc.ref, { nameLower: lowerOf(name) }, { lastUpdateTime: doc.updateTime })
        .then(() => result.updated++, () => {});
    }
    await writer.close();
    last = snap.docs[snap.docs.length - 1];
    log(`${result.scanned} scanned, ${result.updated} updated`);
  }
  return result;
}

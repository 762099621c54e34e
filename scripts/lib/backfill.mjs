// The loop every one-off backfill shares (scripts/migrate.mjs): a collection group read in pages
// by document id, and for each document the patch it needs, written on condition the document has
// not changed since it was read.
import { FieldPath } from 'firebase-admin/firestore';

/**
 * Reads every document of collection group `group` in pages of `pageSize` and updates each for
 * which `patchOf(doc)` returns (or resolves to) a patch (null: nothing to do), each update conditional on the
 * document's updateTime (a write in between fails it: run again). Resumable and safe to repeat;
 * returns what it saw.
 */
export async function backfillGroup(db, group, patchOf, { pageSize = 300, log = () => {} } = {}) {
  const result = { scanned: 0, updated: 0, changedMeanwhile: 0 };
  let last = null;
  for (;;) {
    let page = db.collectionGroup(group).orderBy(FieldPath.documentId()).limit(pageSize);
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
    const patches = await Promise.all(snap.docs.map((doc) => patchOf(doc)));
    for (const [i, doc] of snap.docs.entries()) {
      result.scanned++;
      const patch = patches[i];
      if (!patch) continue;
      writer.update(doc.ref, patch, { lastUpdateTime: doc.updateTime }).then(
        () => result.updated++,
        () => {},
      );
    }
    await writer.close();
    last = snap.docs[snap.docs.length - 1];
    log(`${group}: ${result.scanned} scanned, ${result.updated} updated`);
  }
  return result;
}

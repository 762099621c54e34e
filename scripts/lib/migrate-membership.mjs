// Membership out of the room document (docs/data-model.md, "Rooms and membership"; docs/scale.md):
// a group room used to list its members in rooms/{roomId}.memberIds, which grew with every member
// and was the room list's query. Now each membership is the member document plus its entry in the
// member's room list, users/{uid}/rooms/{roomId}, and the room counts its members in memberCount.
// Admin SDK, past the rules.
import { FieldPath, FieldValue } from 'firebase-admin/firestore';

const ALREADY_EXISTS = 6;
const FAILED_PRECONDITION = 9;
const NOT_FOUND = 5;

/** A bulk writer that counts writes refused because the document changed since it was read. */
function writerFor(db, result) {
  const writer = db.bulkWriter();
  writer.onWriteError((error) => {
    if (error.code === ALREADY_EXISTS) return false;
    if (error.code === FAILED_PRECONDITION || error.code === NOT_FOUND) {
      result.changedMeanwhile++;
      return false;
    }
    return error.failedAttempts < 5;
  });
  return writer;
}

/** Every document of `source` (a query), in pages by document id. */
async function* pages(source, pageSize) {
  let last = null;
  for (;;) {
    let page = source.orderBy(FieldPath.documentId()).limit(pageSize);
    if (last) page = page.startAfter(last);
    const snap = await page.get();
    if (snap.empty) return;
    yield snap.docs;
    last = snap.docs[snap.docs.length - 1];
  }
}

/**
 * 1. Every member document gets its room-list entry ({joinedAt} of the membership), created only
 *    where there is none. 2. Every room gets memberCount, the count of its member documents,
 *    where it differs. 3. With `dropMemberIds` (run it so once the rules that no longer read
 *    memberIds are deployed: README, "Updating an earlier deploy"), group rooms lose memberIds;
 *    direct rooms keep theirs, their pair. Each room update is conditional on the room being
 *    unchanged since it was read (a change meanwhile is counted: run again). Safe to repeat.
 */
export async function migrateMembership(db, { dropMemberIds = false, pageSize = 300, log = () => {} } = {}) {
  const result = { members: 0, listed: 0, rooms: 0, counted: 0, dropped: 0, changedMeanwhile: 0 };
  for await (const docs of pages(db.collectionGroup('members'), pageSize)) {
    const writer = writerFor(db, result);
    for (const member of docs) {
      const roomId = member.ref.parent.parent?.id;
      if (!roomId || member.ref.parent.parent.parent.id !== 'rooms') continue;
      result.members++;
      const joinedAt = member.get('joinedAt') ?? FieldValue.serverTimestamp();
      writer.create(db.doc(`users/${member.id}/rooms/${roomId}`), { joinedAt }).then(
        () => result.listed++,
        () => {},
      );
    }
    await writer.close();
    log(`members: ${result.members} scanned, ${result.listed} listed`);
  }
  for await (const docs of pages(db.collection('rooms'), pageSize)) {
    const writer = writerFor(db, result);
    for (const room of docs) {
      result.rooms++;
      const patch = {};
      const count = (await room.ref.collection('members').count().get()).data().count;
      if (room.get('memberCount') !== count) patch.memberCount = count;
      const drop = dropMemberIds && room.get('kind') !== 'direct' && room.get('memberIds') !== undefined;
      if (drop) patch.memberIds = FieldValue.delete();
      if (Object.keys(patch).length === 0) continue;
      writer.update(room.ref, patch, { lastUpdateTime: room.updateTime }).then(
        () => {
          if ('memberCount' in patch) result.counted++;
          if (drop) result.dropped++;
        },
        () => {},
      );
    }
    await writer.close();
    log(`rooms: ${result.rooms} scanned, ${result.counted} counted, ${result.dropped} without memberIds`);
  }
  return result;
}

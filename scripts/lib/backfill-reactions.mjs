// The one-off move of reactions out of the message (issue #14; shared/src/model.ts, Reaction):
// a message used to list who reacted in `reactions` (emoji -> every uid), written by each reactor,
// and now each member writes rooms/{roomId}/messages/{messageId}/reactions/{uid} = { emojis } and
// the server counts those into the message's `reactions` (the first REACTION_NAMES uids per emoji)
// and `reactionCounts` (functions/src/lib/reactions.ts). Admin SDK, past the rules.
import { FieldPath, FieldValue } from 'firebase-admin/firestore';

// shared/src/limits.ts, here because `npm run migrate` runs plain Node, which does not load
// TypeScript; the backfill's test checks the two agree
export const REACTION_NAMES = 20;
export const MAX_REACTION_EMOJIS = 20;

const FAILED_PRECONDITION = 9;
const NOT_FOUND = 5;

/**
 * What a message from before the counts needs, or null: one with a `reactions` map and no
 * `reactionCounts` (once counted, by this or by the functions, it has them). `docs`: uid -> the
 * emojis it lists them under, for their reaction documents; `patch`: the message's `reactions`
 * named by the first REACTION_NAMES uids by uid (the order the functions name them in, their
 * documents' ids) and `reactionCounts`, emojis listing nobody dropped, the MAX_REACTION_EMOJIS
 * listing most kept (ties by emoji), as the functions' count would write them.
 */
export function planOf(reactions, reactionCounts) {
  if (!reactions || typeof reactions !== 'object' || Array.isArray(reactions)) return null;
  if (Object.keys(reactions).length === 0) return null;
  if (reactionCounts !== undefined) return lateAdditions(reactions, reactionCounts);
  const emojis = Object.entries(reactions).filter(([, uids]) => Array.isArray(uids));
  const docs = new Map();
  const tallies = [];
  for (const [emoji, listed] of emojis) {
    const uids = [...new Set(listed.filter((uid) => typeof uid === 'string' && uid.length > 0))].sort();
    for (const uid of uids) docs.set(uid, [...(docs.get(uid) ?? []), emoji]);
    if (uids.length > 0) tallies.push([emoji, uids]);
  }
  tallies.sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0));
  const kept = tallies.slice(0, MAX_REACTION_EMOJIS);
  return {
    docs,
    patch: {
      reactions: Object.fromEntries(kept.map(([emoji, uids]) => [emoji, uids.slice(0, REACTION_NAMES)])),
      reactionCounts: Object.fromEntries(kept.map(([emoji, uids]) => [emoji, uids.length])),
    },
  };
}

/**
 * A message already counted that a tab still running the old app reacted to before the deploy (it
 * adds its uid to the message's list, past the count): more people listed under an emoji than its
 * count names. Their reaction documents are written (a merge: those already counted change
 * nothing) and the message is left to the functions, which count each new document's emojis
 * afresh. Null when every list agrees with its count.
 */
function lateAdditions(reactions, reactionCounts) {
  const docs = new Map();
  for (const [emoji, listed] of Object.entries(reactions)) {
    if (!Array.isArray(listed)) continue;
    const count = typeof reactionCounts?.[emoji] === 'number' ? reactionCounts[emoji] : 0;
    if (listed.length <= Math.min(count, REACTION_NAMES)) continue;
    for (const uid of listed)
      if (typeof uid === 'string' && uid.length > 0) docs.set(uid, [...(docs.get(uid) ?? []), emoji]);
  }
  return docs.size > 0 ? { docs, patch: null } : null;
}

/**
 * Reads every message (collection group `messages` under rooms, in pages of `pageSize` by document
 * id: Firestore has no query for a missing field) and for each from before the counts (planOf)
 * writes, first, each listed person's reaction document (a merge with arrayUnion of the emojis
 * they are listed under, so one they have written since is kept and a repeat changes nothing),
 * then the message's names and counts, on condition it is unchanged since it was read (a write in
 * between, such as the functions counting a new reaction, fails it and is counted: run again; the
 * functions count from the documents written first, so they agree). Resumable and safe to repeat:
 * a message with reactionCounts is done. A billed read per message.
 */
export async function backfillReactions(db, { pageSize = 300, log = () => {} } = {}) {
  const result = { scanned: 0, updated: 0, reactionDocs: 0, changedMeanwhile: 0 };
  let last = null;
  for (;;) {
    let page = db.collectionGroup('messages').orderBy(FieldPath.documentId()).limit(pageSize);
    if (last) page = page.startAfter(last);
    const snap = await page.get();
    if (snap.empty) break;
    const plans = [];
    for (const doc of snap.docs) {
      result.scanned++;
      // rooms/{roomId}/messages/{messageId} only
      if (doc.ref.parent.parent?.parent?.id !== 'rooms') continue;
      const plan = planOf(doc.get('reactions'), doc.get('reactionCounts'));
      if (plan) plans.push({ doc, plan, failed: false });
    }
    const docWriter = db.bulkWriter();
    docWriter.onWriteError((error) => error.failedAttempts < 5);
    const written = [];
    for (const entry of plans) {
      for (const [uid, emojis] of entry.plan.docs) {
        const reaction = entry.doc.ref.collection('reactions').doc(uid);
        written.push(
          docWriter.set(reaction, { emojis: FieldValue.arrayUnion(...emojis) }, { merge: true }).then(
            () => result.reactionDocs++,
            () => (entry.failed = true),
          ),
        );
      }
    }
    await docWriter.close();
    await Promise.all(written);
    const messageWriter = db.bulkWriter();
    messageWriter.onWriteError((error) => {
      // FAILED_PRECONDITION: written since it was read; NOT_FOUND: gone since
      if (error.code === FAILED_PRECONDITION || error.code === NOT_FOUND) {
        result.changedMeanwhile++;
        return false;
      }
      return error.failedAttempts < 5;
    });
    const updated = [];
    for (const { doc, plan, failed } of plans) {
      // a reaction document not written: the message stays as it is, for the next run; one
      // counted already is the functions' to count again
      if (failed || !plan.patch) continue;
      updated.push(
        messageWriter.update(doc.ref, plan.patch, { lastUpdateTime: doc.updateTime }).then(
          () => result.updated++,
          () => {},
        ),
      );
    }
    await messageWriter.close();
    await Promise.all(updated);
    last = snap.docs[snap.docs.length - 1];
    log(`messages: ${result.scanned} scanned, ${result.updated} given reaction counts (${result.reactionDocs} reaction documents)`);
  }
  return result;
}

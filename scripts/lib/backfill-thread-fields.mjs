// The one-off backfill of threadId and inRoom on messages written before threads existed
// (docs/data-model.md, "Threads"): the room's history reads `where('inRoom', '==', true)`, and a
// message without the field is in no index of it, so it would vanish from the room. Admin SDK,
// past the rules (no client may change either field).
import { backfillGroup } from './backfill.mjs';

/**
 * Writes threadId: null and inRoom: true on each message that lacks either (such a message
 * predates threads, so it is a room message), by lib/backfill.mjs (in pages, each update
 * conditional, resumable and safe to repeat). Firestore has no query for a missing field, so it
 * reads every message once: a billed read each.
 */
export function backfillThreadFields(db, options) {
  return backfillGroup(
    db,
    'messages',
    (doc) =>
      doc.get('inRoom') !== undefined && doc.get('threadId') !== undefined
        ? null
        : { inRoom: doc.get('inRoom') ?? true, threadId: doc.get('threadId') ?? null },
    options,
  );
}

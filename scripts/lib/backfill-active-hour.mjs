// The one-off backfill of activeHour on rooms whose last message came before it existed
// (docs/data-model.md, "Rooms and membership"): Browse and the daily statistics order and filter
// rooms by activeHour, and a room without it is in no index of it, so it would be missing from
// both until its next message. Admin SDK, past the rules (no client may write the field).
import { Timestamp } from 'firebase-admin/firestore';
import { backfillGroup } from './backfill.mjs';

// shared/src/rooms.ts activeHourMs, here because `npm run migrate` runs plain Node, which does not
// load TypeScript; the backfill's test checks the two agree
const HOUR_MS = 3_600_000;
const activeHourMs = (ms) => Math.floor(ms / HOUR_MS) * HOUR_MS;

/**
 * Writes activeHour (the hour of lastMessageAt, as the summary flush does) on each room that has
 * a last message and lacks the field or has it out of step, by lib/backfill.mjs (in pages, each
 * update conditional, resumable and safe to repeat). A room with no message keeps none: it is
 * listed among the newest instead. Reads every room once: a billed read each.
 */
export function backfillActiveHour(db, options) {
  return backfillGroup(
    db,
    'rooms',
    (doc) => {
      const last = doc.get('lastMessageAt');
      const want = last instanceof Timestamp ? Timestamp.fromMillis(activeHourMs(last.toMillis())) : null;
      const have = doc.get('activeHour');
      if (have === undefined) return { activeHour: want };
      const same = have instanceof Timestamp && want ? have.isEqual(want) : have === want;
      return same ? null : { activeHour: want };
    },
    options,
  );
}

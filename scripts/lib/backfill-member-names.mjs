// The one-off backfill of rooms/{roomId}/members/{uid}.nameLower for documents written before it
// existed (docs/data-model.md, "Mention search"): a document without the field is in no index of
// it, so the composer's prefix search cannot find that member. Admin SDK, past the rules (their
// update rule lets no client touch the names).
import { backfillGroup } from './backfill.mjs';

/** The value memberDocument stores (shared/src/rooms.ts memberNameLower): the name lowercased. */
const lowerOf = (displayName) => displayName.toLowerCase();

/**
 * Writes nameLower on every member document where it is absent or out of step with displayName
 * (lib/backfill.mjs: in pages, each update conditional, resumable and safe to repeat).
 */
export function backfillMemberNames(db, options) {
  return backfillGroup(
    db,
    'members',
    (doc) => {
      const name = doc.get('displayName');
      return typeof name !== 'string' || doc.get('nameLower') === lowerOf(name) ? null : { nameLower: lowerOf(name) };
    },
    options,
  );
}

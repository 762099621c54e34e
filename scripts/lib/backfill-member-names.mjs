// The one-off backfill of rooms/{roomId}/members/{uid} names (docs/data-model.md, "Mention
// search"): nameLower for documents written before it existed (a document without the field is in
// no index of it, so the composer's prefix search cannot find that member), and displayName for
// people who renamed themselves before the server copied a rename onto their member documents
// (functions/src/triggers/screenProfile.ts): the member list and the @mention search showed the
// name they joined under. Admin SDK, past the rules (their update rule lets no client touch the
// names).
import { backfillGroup } from './backfill.mjs';

/** The value memberDocument stores (shared/src/rooms.ts memberNameLower): the name lowercased. */
const lowerOf = (displayName) => displayName.toLowerCase();

/**
 * Brings every member document's displayName in step with its person's profile (kept as it is
 * where there is no profile) and its nameLower with that name, where either is absent or out of
 * step (lib/backfill.mjs: in pages, each update conditional, resumable and safe to repeat). Each
 * profile is read once per run.
 */
export function backfillMemberNames(db, options) {
  const profileNames = new Map();
  const profileName = (uid) => {
    if (!profileNames.has(uid)) {
      profileNames.set(
        uid,
        db
          .doc(`users/${uid}`)
          .get()
          .then((profile) => profile.get('displayName')),
      );
    }
    return profileNames.get(uid);
  };
  return backfillGroup(
    db,
    'members',
    async (doc) => {
      const stored = doc.get('displayName');
      const current = await profileName(doc.id);
      const name = typeof current === 'string' ? current : stored;
      if (typeof name !== 'string') return null;
      const patch = {
        ...(name !== stored ? { displayName: name } : {}),
        ...(doc.get('nameLower') !== lowerOf(name) ? { nameLower: lowerOf(name) } : {}),
      };
      return Object.keys(patch).length > 0 ? patch : null;
    },
    options,
  );
}

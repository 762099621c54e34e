import { onDocumentWritten } from '../lib/trigger';
import type { Firestore } from 'firebase-admin/firestore';
import { memberNameLower, MY_ROOMS_LIMIT } from '@chat/shared';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { loadGlobalConfig, screenName } from '../lib/moderation.js';
import { converters, dataOf, refs, type ProfileData } from '../lib/typed.js';

/** Firestore's NOT_FOUND: a room-list entry whose member document is gone (a leave under way). */
const NOT_FOUND = 5;

/**
 * A person's name as others may see it: a blocked word in users/{uid}.displayName is masked
 * (nameLower follows). The rules make every name shown as someone's equal the profile's, so the
 * masked name is what their next message, typing signal or membership carries. Its own write
 * leaves a clean name, so it ends there.
 */
export async function handleProfile(
  store: Firestore,
  uid: string,
  profile: Pick<ProfileData, 'displayName'> | undefined,
): Promise<string> {
  const name = typeof profile?.displayName === 'string' ? profile.displayName : null;
  if (name === null) return 'no-profile';
  const masked = screenName(name, await loadGlobalConfig(store));
  if (masked === name) return 'clean';
  await refs.profile(store, uid).update({ displayName: masked, nameLower: masked.toLowerCase() });
  return 'masked';
}

/**
 * Copies the profile's name, as it stands now, onto the person's member document in each of their
 * rooms (users/{uid}/rooms lists them), where the member list and the @mention search show it and
 * where a send's rules find it without reading the profile. It reads the profile rather than
 * taking the event's name, so two renames whose events run out of order still leave the later
 * name. A member document that already holds it is written all the same (renames are rare, and a
 * read to skip the write costs as much as the check saves); one gone meanwhile (a leave) is skipped.
 * Returns how many member documents were written.
 */
export async function copyNameToMemberships(store: Firestore, uid: string): Promise<number> {
  const name = (await refs.profile(store, uid).get()).data()?.displayName;
  if (typeof name !== 'string') return 0;
  const rooms = await store.collection(`users/${uid}/rooms`).limit(MY_ROOMS_LIMIT).get();
  const writer = store.bulkWriter();
  writer.onWriteError((error) => error.code !== NOT_FOUND && error.failedAttempts < 5);
  let written = 0;
  const failures: unknown[] = [];
  const writes = rooms.docs.map((entry) =>
    writer.update(refs.member(store, entry.id, uid), { displayName: name, nameLower: memberNameLower(name) }).then(
      () => void written++,
      (error: { code?: unknown }) => void (error.code === NOT_FOUND || failures.push(error)),
    ),
  );
  await writer.close();
  await Promise.all(writes);
  // the event is delivered again, and the copy made again, until every membership has the name
  if (failures.length > 0) throw failures[0];
  return written;
}

/**
 * users/{uid} created or renamed: see handleProfile; a rename that needs no masking is then copied
 * onto the person's memberships (a masked one is copied when the masking's own write comes back).
 */
export const screenProfile = onDocumentWritten('users/{uid}', async (event) => {
  const before = dataOf(event.data?.before, converters.profile);
  const after = dataOf(event.data?.after, converters.profile);
  const { uid } = event.params;
  await traced('screenProfile', { eventId: event.id, uid }, async () => {
    if (!after || before?.displayName === after.displayName) return 'unchanged';
    const outcome = await handleProfile(db(), uid, after);
    if (outcome !== 'clean' || !before) return outcome;
    return `clean, copied:${await copyNameToMemberships(db(), uid)}`;
  });
});

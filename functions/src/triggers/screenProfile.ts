import { onDocumentWritten } from '../lib/trigger';
import type { Firestore } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { loadGlobalConfig, screenName } from '../lib/moderation.js';
import { converters, dataOf, refs, type ProfileData } from '../lib/typed.js';

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

/** users/{uid} created or renamed: see handleProfile. */
export const screenProfile = onDocumentWritten('users/{uid}', async (event) => {
  const before = dataOf(event.data?.before, converters.profile);
  const after = dataOf(event.data?.after, converters.profile);
  const { uid } = event.params;
  await traced('screenProfile', { eventId: event.id, uid }, async () => {
    if (!after || before?.displayName === after.displayName) return 'unchanged';
    return handleProfile(db(), uid, after);
  });
});

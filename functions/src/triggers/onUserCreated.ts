import * as functionsV1 from 'firebase-functions/v1';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { nameFromAccount } from '@chat/shared';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { isTooOld, logDropped, MAX_INSTANCES, REGION } from '../lib/trigger.js';

const ALREADY_EXISTS = 6;

/** Creates users/{uid} unless it exists; never overwrites the app's own write. */
export async function ensureProfile(
  store: Firestore,
  user: { uid: string; displayName?: string | null; photoURL?: string | null },
): Promise<'created' | 'exists'> {
  // the Auth record's name made acceptable to the rules (never a part of the e-mail address), so
  // member documents, which must carry the profile's name, can be written under it
  const name = nameFromAccount(user.displayName);
  try {
    await store.doc(`users/${user.uid}`).create({
      displayName: name,
      nameLower: name.toLowerCase(),
      photoURL: user.photoURL ?? null,
      createdAt: FieldValue.serverTimestamp(),
    });
    return 'created';
  } catch (error) {
    if ((error as { code?: unknown }).code === ALREADY_EXISTS) return 'exists';
    throw error;
  }
}

/**
 * Auth user created (1st gen auth trigger, which the emulator supports): users/{uid} profile if
 * absent, at once, for accounts the app never writes one for (made by an admin, a Google sign-in
 * that failed half-way). The app's own sign-up write may come before or after this one; when it
 * comes after, it renames the profile to the typed name (web/src/data/users.ts saveProfile).
 *
 * It used to wait 10 s first so the app's write would win. A sleeping trigger is billed while it
 * sleeps, and with 1st gen's one request per instance and the cap of 10 instances, that capped
 * sign-ups at one a second for the whole app; on the emulator each waiting sign-up held a worker
 * process of its own (15 at once in the test suite, on 2 CPUs).
 *
 * 1st gen takes no global options, so region, cap and retry are set here (see lib/trigger.ts).
 */
export const onUserCreated = functionsV1
  .region(REGION)
  .runWith({ timeoutSeconds: 60, failurePolicy: true, maxInstances: MAX_INSTANCES })
  .auth.user()
  .onCreate(async (user, context) => {
    if (isTooOld(context)) return logDropped('onUserCreated', context.eventId, context.timestamp, { uid: user.uid });
    await traced('onUserCreated', { eventId: context.eventId, uid: user.uid }, () => ensureProfile(db(), user));
  });

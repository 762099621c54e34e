import * as functionsV1 from 'firebase-functions/v1';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { MAX_DISPLAY_NAME } from '@chat/shared';
import { db } from '../lib/admin.js';
import { traced } from '../lib/log.js';
import { isTooOld, logDropped, MAX_INSTANCES, REGION } from '../lib/trigger.js';

/**
 * The app writes the profile itself right after sign-up, with the name the person typed, and the
 * rules let it create the document only once; so the function leaves it that long before filling
 * a gap (an account made by an admin, Google sign-in that failed half-way).
 */
export const PROFILE_GRACE_MS = 10_000;

const ALREADY_EXISTS = 6;

export function profileName(user: { displayName?: string | null; email?: string | null }): string {
  const name = (user.displayName ?? '').trim() || (user.email ?? '').split('@')[0]?.trim() || 'New user';
  return [...name].slice(0, MAX_DISPLAY_NAME).join('');
}

/** Creates users/{uid} unless it exists; never overwrites the app's own write. */
export async function ensureProfile(
  store: Firestore,
  user: { uid: string; displayName?: string | null; email?: string | null; photoURL?: string | null },
): Promise<'created' | 'exists'> {
  const name = profileName(user);
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
 * Auth user created (1st gen auth trigger, which the emulator supports): users/{uid} profile if absent.
 * 1st gen takes no global options, so region, cap and retry are set here (see lib/trigger.ts).
 */
export const onUserCreated = functionsV1
  .region(REGION)
  .runWith({ timeoutSeconds: 60, failurePolicy: true, maxInstances: MAX_INSTANCES })
  .auth.user()
  .onCreate(async (user, context) => {
    if (isTooOld(context)) return logDropped('onUserCreated', context.eventId, context.timestamp, { uid: user.uid });
    await traced('onUserCreated', { eventId: context.eventId, uid: user.uid }, async () => {
      await new Promise((resolve) => setTimeout(resolve, PROFILE_GRACE_MS));
      return ensureProfile(db(), user);
    });
  });

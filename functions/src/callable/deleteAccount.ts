import { HttpsError, onCall } from 'firebase-functions/v2/https';
import { adminAuth, db } from '../lib/admin.js';
import { deleteAccountData, type DeletionResult } from '../lib/account.js';
import { signedInCall } from '../lib/callable.js';

const FN = 'deleteAccount';

/**
 * Callable deleteAccount({confirm: 'delete'}) -> DeletionResult: the caller's account goes (see
 * lib/account.ts: profile, personal documents, memberships, sessions; messages stay as from
 * "Deleted user"). The confirmation word guards against a stray call. A sign-in older than five
 * minutes must sign in again first, as Firebase asks before deleting an account
 * (`failed-precondition`). Errors: `unauthenticated`, `invalid-argument`, `failed-precondition`.
 */
export const deleteAccount = onCall({ timeoutSeconds: 540 }, (request) =>
  signedInCall(
    FN,
    request,
    'Sign in to delete your account.',
    async (auth, { confirm }): Promise<DeletionResult> => {
      if (confirm !== 'delete')
        throw new HttpsError('invalid-argument', "Pass {confirm: 'delete'} to delete the account.");
      const authTime = Number(auth.token.auth_time ?? 0) * 1000;
      if (Date.now() - authTime > RECENT_SIGN_IN_MS) {
        throw new HttpsError('failed-precondition', 'Sign in again to delete your account.');
      }
      return deleteAccountData(db(), adminAuth(), auth.uid);
    },
    (result) => `deleted:${result.messages}`,
  ),
);

/** How recent a sign-in must be to delete the account. */
export const RECENT_SIGN_IN_MS = 5 * 60_000;

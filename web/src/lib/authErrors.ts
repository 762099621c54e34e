/**
 * Firebase Auth error codes in words a person understands. A wrong address and a wrong password
 * read the same, so the sign-in form never tells anyone which addresses have accounts.
 */
import { t, type Key } from '../i18n';

const WRONG_CREDENTIALS = 'lib.authWrongCredentials';
/** Catalogue keys, looked up when shown, so the words follow the language in use. */
const MESSAGES: Record<string, Key> = {
  'auth/invalid-email': 'lib.authInvalidEmail',
  'auth/missing-email': 'lib.authMissingEmail',
  'auth/missing-password': 'lib.authMissingPassword',
  'auth/weak-password': 'lib.authWeakPassword',
  'auth/email-already-in-use': 'lib.authEmailInUse',
  'auth/invalid-credential': WRONG_CREDENTIALS,
  'auth/wrong-password': WRONG_CREDENTIALS,
  'auth/user-not-found': WRONG_CREDENTIALS,
  'auth/user-disabled': 'lib.authDisabled',
  'auth/too-many-requests': 'lib.authTooMany',
  'auth/network-request-failed': 'lib.authNetwork',
  'auth/popup-closed-by-user': 'lib.authPopupClosed',
  'auth/popup-blocked': 'lib.authPopupBlocked',
};

export function describeAuthError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return t(MESSAGES[code] ?? 'lib.authUnknown');
}

/** A reset request for an address with no account looks like any other: the e-mail "is on its way". */
export function revealsAccount(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'auth/user-not-found';
}

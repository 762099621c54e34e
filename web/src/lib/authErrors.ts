/**
 * Firebase Auth error codes in words a person understands. A wrong address and a wrong password
 * read the same, so the sign-in form never tells anyone which addresses have accounts.
 */
const WRONG_CREDENTIALS = 'E-mail or password is wrong.';
const MESSAGES: Record<string, string> = {
  'auth/invalid-email': 'That e-mail address does not look right.',
  'auth/missing-email': 'Please enter your e-mail address.',
  'auth/missing-password': 'Please enter your password.',
  'auth/weak-password': 'Choose a password of at least 6 characters.',
  'auth/email-already-in-use': 'An account with this e-mail already exists. Try signing in instead.',
  'auth/invalid-credential': WRONG_CREDENTIALS,
  'auth/wrong-password': WRONG_CREDENTIALS,
  'auth/user-not-found': WRONG_CREDENTIALS,
  'auth/user-disabled': 'This account has been disabled.',
  'auth/too-many-requests': 'Too many attempts. Wait a moment and try again.',
  'auth/network-request-failed': 'Cannot reach the server. Check your connection and try again.',
  'auth/popup-closed-by-user': 'The sign-in window was closed before finishing.',
  'auth/popup-blocked': 'The browser blocked the sign-in window. Allow pop-ups and try again.',
};

export function describeAuthError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return MESSAGES[code] ?? 'Something went wrong. Please try again.';
}

/** A reset request for an address with no account looks like any other: the e-mail "is on its way". */
export function revealsAccount(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'auth/user-not-found';
}

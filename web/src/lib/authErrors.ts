/** Firebase Auth error codes in words a person understands. */
const MESSAGES: Record<string, string> = {
  'auth/invalid-email': 'That e-mail address does not look right.',
  'auth/missing-email': 'Please enter your e-mail address.',
  'auth/missing-password': 'Please enter your password.',
  'auth/weak-password': 'Choose a password of at least 6 characters.',
  'auth/email-already-in-use': 'An account with this e-mail already exists. Try signing in instead.',
  'auth/invalid-credential': 'E-mail or password is wrong.',
  'auth/wrong-password': 'E-mail or password is wrong.',
  'auth/user-not-found': 'There is no account with this e-mail.',
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

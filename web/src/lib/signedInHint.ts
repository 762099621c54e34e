/**
 * Someone was signed in on this browser when it was last open: a hint, read before Auth has
 * restored the session (an IndexedDB read and a round trip), for starting the chat screen's
 * download meanwhile (boot.ts). Holds no identity. A module of its own, importing nothing, so the
 * app's first module stays a few hundred bytes.
 */
const SIGNED_IN_HINT = 'firechat:signed-in';

export function wasSignedIn(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_HINT) === '1';
  } catch {
    return false;
  }
}

export function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_HINT, '1');
    else localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    // storage refused: the hint only saves time
  }
}

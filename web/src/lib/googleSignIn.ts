import { GoogleAuthProvider, browserPopupRedirectResolver, signInWithPopup, type Auth } from 'firebase/auth';

/** Sign-in with Google in a popup (the Auth emulator shows its own account picker). */
export async function signInWithGoogle(auth: Auth): Promise<void> {
  const provider = new GoogleAuthProvider();
  provider.setCustomParameters({ prompt: 'select_account' });
  await signInWithPopup(auth, provider, browserPopupRedirectResolver);
}

import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import {
  confirmPasswordReset,
  createUserWithEmailAndPassword,
  onAuthStateChanged,
  sendPasswordResetEmail,
  signInWithEmailAndPassword,
  signOut as firebaseSignOut,
  updateProfile,
  verifyPasswordResetCode,
  type User,
} from 'firebase/auth';
import { auth } from '../firebase';
import { RENAME_COUNT } from '@chat/shared';
import { t } from '../i18n';
import { UserError } from '../lib/errors';
import { formatClock } from '../lib/time';
import { rememberSignedIn } from '../lib/signedInHint';

type BeforeSignOut = () => Promise<void>;

/** Who is signed in. Firestore is loaded lazily, so the sign-in screen stays small. */
export const useAuthStore = defineStore('auth', () => {
  const user = shallowRef<User | null>(null);
  const ready = ref(false);
  let resolveReady: () => void;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
  // Chat code (presence) registers what must happen while still signed in, without this
  // store importing Firestore.
  const beforeSignOut = new Set<BeforeSignOut>();

  /** An app admin (custom claim `admin`): the chat links to /admin for them. */
  const isAppAdmin = ref(false);

  onAuthStateChanged(auth, (next) => {
    user.value = next;
    rememberSignedIn(!!next);
    ready.value = true;
    resolveReady();
    isAppAdmin.value = false;
    void next
      ?.getIdTokenResult()
      .then((token) => {
        if (user.value === next) isAppAdmin.value = token.claims.admin === true;
      })
      .catch(() => undefined);
  });

  const uid = computed(() => user.value?.uid ?? null);
  const email = computed(() => user.value?.email ?? null);

  function republish() {
    // updateProfile changes the same User object: tell Vue it changed
    user.value = auth.currentUser;
    triggerRef(user);
  }

  async function signIn(email: string, password: string): Promise<void> {
    await signInWithEmailAndPassword(auth, email.trim(), password);
  }

  async function signUp(email: string, password: string, name: string): Promise<void> {
    const credential = await createUserWithEmailAndPassword(auth, email.trim(), password);
    await updateProfile(credential.user, { displayName: name.trim() });
    const [{ db }, { saveProfile }] = await Promise.all([import('../firestore'), import('../data/users')]);
    await saveProfile(db, credential.user.uid, name);
    republish();
  }

  /** Google through a popup; the resolver is loaded only here, to keep it out of the first load. */
  async function signInWithGoogle(): Promise<void> {
    const { signInWithGoogle: google } = await import('../lib/googleSignIn');
    await google(auth);
  }

  async function sendReset(email: string): Promise<void> {
    await sendPasswordResetEmail(auth, email.trim(), { url: `${location.origin}/signin` });
  }

  /** Checks the code from the e-mail and returns the account's e-mail address. */
  async function checkResetCode(code: string): Promise<string> {
    return verifyPasswordResetCode(auth, code);
  }

  async function completeReset(code: string, newPassword: string): Promise<void> {
    await confirmPasswordReset(auth, code, newPassword);
  }

  /**
   * Renames the Auth profile and the public profile (the server copies the new name onto the
   * member documents). Past the rules' RENAME_COUNT an hour, says when the next one may be made.
   */
  async function rename(name: string): Promise<void> {
    const current = auth.currentUser;
    if (!current) throw new Error('Signed out');
    const [{ db }, { renameProfile, RenameLimitReached }] = await Promise.all([
      import('../firestore'),
      import('../data/users'),
    ]);
    try {
      await renameProfile(db, current.uid, name);
    } catch (error) {
      if (!(error instanceof RenameLimitReached)) throw error;
      throw new UserError(t('user.renameLimit', { max: RENAME_COUNT, time: formatClock(error.retryAt) }));
    }
    await updateProfile(current, { displayName: name.trim() });
    republish();
  }

  function onBeforeSignOut(hook: BeforeSignOut): () => void {
    beforeSignOut.add(hook);
    return () => beforeSignOut.delete(hook);
  }

  async function signOut(): Promise<void> {
    await Promise.allSettled([...beforeSignOut].map((hook) => hook()));
    await firebaseSignOut(auth);
  }

  /** A line for the sign-in screen after the app signed the person out on its own (account deleted). */
  const notice = ref<string | null>(null);

  /**
   * Signs out after the server deleted the account. The goodbye hooks are skipped: their writes
   * (presence going offline) would make documents again for a person who is gone. Signing out
   * only clears this browser's session, so it cannot fail for want of the account; if it still
   * does, the session is as good as dead (its refresh token is), and the screen says so anyway.
   */
  async function forgetDeletedAccount(): Promise<void> {
    notice.value = t('store.accountDeleted');
    await firebaseSignOut(auth).catch(() => undefined);
  }

  return {
    user,
    uid,
    email,
    isAppAdmin,
    ready,
    readyPromise,
    signIn,
    signUp,
    signInWithGoogle,
    sendReset,
    checkResetCode,
    completeReset,
    rename,
    onBeforeSignOut,
    signOut,
    notice,
    forgetDeletedAccount,
  };
});

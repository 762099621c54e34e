import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import {
  createUserWithEmailAndPassword,
  onAuthStateChanged,
  signInWithEmailAndPassword,
  signOut as firebaseSignOut,
  updateProfile,
  type User,
} from 'firebase/auth';
import { auth } from '../firebase';

/** Who is signed in. Firestore is loaded lazily, so the sign-in screen stays small. */
export const useAuthStore = defineStore('auth', () => {
  const user = shallowRef<User | null>(null);
  const ready = ref(false);
  let resolveReady: () => void;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));

  onAuthStateChanged(auth, (next) => {
    user.value = next;
    ready.value = true;
    resolveReady();
  });

  const uid = computed(() => user.value?.uid ?? null);
  const displayName = computed(() => user.value?.displayName ?? user.value?.email?.split('@')[0] ?? 'Someone');

  async function signIn(email: string, password: string): Promise<void> {
    await signInWithEmailAndPassword(auth, email.trim(), password);
  }

  async function signUp(email: string, password: string, name: string): Promise<void> {
    const credential = await createUserWithEmailAndPassword(auth, email.trim(), password);
    await updateProfile(credential.user, { displayName: name.trim() });
    const [{ db }, { saveProfile }] = await Promise.all([import('../firestore'), import('../data/users')]);
    await saveProfile(db, credential.user.uid, name);
    // onAuthStateChanged fired before the name was set: publish the same user object again
    user.value = auth.currentUser;
    triggerRef(user);
  }

  async function signOut(): Promise<void> {
    await firebaseSignOut(auth);
  }

  return { user, uid, displayName, ready, readyPromise, signIn, signUp, signOut };
});

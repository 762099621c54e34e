/**
 * The one place that initialises Firebase and connects the emulators. Auth lives here;
 * Firestore is in firestore.ts so the sign-in screen does not load it.
 */
import { initializeApp } from 'firebase/app';
import { browserLocalPersistence, connectAuthEmulator, indexedDBLocalPersistence, initializeAuth } from 'firebase/auth';

const env = import.meta.env;

export const useEmulators = env.VITE_USE_EMULATORS === 'true';
export const emulatorHost = env.VITE_EMULATOR_HOST ?? '127.0.0.1';

export const firebaseApp = initializeApp({
  apiKey: env.VITE_FIREBASE_API_KEY ?? 'demo-api-key',
  authDomain: env.VITE_FIREBASE_AUTH_DOMAIN ?? `${env.VITE_FIREBASE_PROJECT_ID ?? 'demo-firechat'}.firebaseapp.com`,
  projectId: env.VITE_FIREBASE_PROJECT_ID ?? 'demo-firechat',
  ...(env.VITE_FIREBASE_APP_ID ? { appId: env.VITE_FIREBASE_APP_ID } : {}),
});

// initializeAuth with explicit persistence leaves the popup/redirect resolver out of the bundle
// until a Google sign-in actually needs it.
export const auth = initializeAuth(firebaseApp, {
  persistence: [indexedDBLocalPersistence, browserLocalPersistence],
});

if (useEmulators) {
  connectAuthEmulator(auth, `http://${emulatorHost}:${env.VITE_AUTH_EMULATOR_PORT ?? '9099'}`, {
    disableWarnings: true,
  });
}

import {
  connectFirestoreEmulator,
  initializeFirestore,
  persistentLocalCache,
  persistentMultipleTabManager,
  setLogLevel,
} from 'firebase/firestore';
import { emulatorHost, firebaseApp, useEmulators } from './firebase';

/**
 * Firestore with the persistent cache shared across tabs, so history shows instantly on
 * reload and writes made offline survive a reload and replay when the connection returns.
 */
export const db = initializeFirestore(firebaseApp, {
  localCache: persistentLocalCache({ tabManager: persistentMultipleTabManager() }),
});

if (useEmulators) {
  connectFirestoreEmulator(db, emulatorHost, Number(import.meta.env.VITE_FIRESTORE_EMULATOR_PORT ?? '8080'));
  // the SDK's own account, for a browser test that must tell an emulator artefact from the app's
  // fault (test/e2e/support/browser.ts, discardedChanges)
  if (localStorage.getItem('firechat:sdk-debug') === '1') setLogLevel('debug');
}

/**
 * Firestore's REST root for this app, for the one write that must outlive the page (presence on
 * closing the tab: a keepalive fetch still leaves after the page is gone, the SDK's channel does not).
 */
export const firestoreRest = `${
  useEmulators
    ? `http://${emulatorHost}:${import.meta.env.VITE_FIRESTORE_EMULATOR_PORT ?? '8080'}`
    : 'https://firestore.googleapis.com'
}/v1/projects/${firebaseApp.options.projectId}/databases/(default)/documents`;

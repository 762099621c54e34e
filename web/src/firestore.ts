import {
  connectFirestoreEmulator,
  initializeFirestore,
  persistentLocalCache,
  persistentMultipleTabManager,
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
}

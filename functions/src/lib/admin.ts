import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

let app: App | undefined;

/** The one Admin SDK app of this process (the Functions emulator may already hold other apps). */
export function db(): Firestore {
  app ??= getApps().find((a) => a.name === '[DEFAULT]') ?? initializeApp();
  return getFirestore(app);
}

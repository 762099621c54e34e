import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getAuth, type Auth } from 'firebase-admin/auth';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

let app: App | undefined;

function defaultApp(): App {
  app ??= getApps().find((a) => a.name === '[DEFAULT]') ?? initializeApp();
  return app;
}

/** The one Admin SDK app of this process (the Functions emulator may already hold other apps). */
export function db(): Firestore {
  return getFirestore(defaultApp());
}

export function adminAuth(): Auth {
  return getAuth(defaultApp());
}

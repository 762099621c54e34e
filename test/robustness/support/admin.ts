/**
 * The Admin SDK (past the rules), as the server or an operator would act: seeding rooms,
 * banning, reading what was actually stored.
 */
import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

/**
 * An Admin Firestore for the given emulator host (default: this test run's). The Admin SDK
 * reads FIRESTORE_EMULATOR_HOST when the instance is made, so it is pointed there for that moment.
 */
export function adminDb(host = process.env.FIRESTORE_EMULATOR_HOST, projectId = process.env.GCLOUD_PROJECT): Firestore {
  if (!host || !projectId)
    throw new Error('FIRESTORE_EMULATOR_HOST and GCLOUD_PROJECT must be set (run through `npm test`).');
  const name = `robustness-${projectId}-${host}`;
  const app: App = getApps().find((a) => a.name === name) ?? initializeApp({ projectId }, name);
  const saved = process.env.FIRESTORE_EMULATOR_HOST;
  process.env.FIRESTORE_EMULATOR_HOST = host;
  try {
    return getFirestore(app);
  } finally {
    process.env.FIRESTORE_EMULATOR_HOST = saved;
  }
}

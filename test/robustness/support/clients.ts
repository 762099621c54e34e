/**
 * Simulated people for the robustness suites: each one its own Firebase JS SDK app instance
 * (own Auth user, own Firestore connection and memory cache), exactly as separate browsers would be.
 */
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth, type Auth } from 'firebase/auth';
import {
  connectFirestoreEmulator,
  doc,
  initializeFirestore,
  onSnapshot,
  terminate,
  type Firestore,
} from 'firebase/firestore';
import { saveProfile } from '../../../web/src/data/users';
import { uniqueId } from '../../support/env';
import { reconnectBrokenListens } from '../../support/listenStreams';

function hostPort(variable: string): { host: string; port: number } {
  const value = process.env[variable];
  if (!value) throw new Error(`${variable} is not set: run the tests with \`npm test\`, which starts the emulators.`);
  const [host = '127.0.0.1', port = ''] = value.split(':');
  return { host, port: Number(port) };
}

export interface Client {
  app: FirebaseApp;
  db: Firestore;
  auth: Auth;
  close(): Promise<void>;
}

export interface SimUser extends Client {
  uid: string;
  name: string;
  email: string;
}

export interface ClientOptions {
  /** reach Firestore on this port of the emulator's host instead (a proxy in front of it) */
  firestorePort?: number;
}

/** The SDK's default (FirestoreSettings.grpcFlowControlWindow). */
const DEFAULT_FLOW_CONTROL_WINDOW = 256 * 1024;
let clients = 0;

/** A Firebase app of its own, connected to the emulators, signed in as nobody. */
export function newClient(label = 'client', options: ClientOptions = {}): Client {
  const projectId = process.env.GCLOUD_PROJECT ?? 'demo-firechat-test';
  const app = initializeApp(
    { apiKey: 'demo-api-key', projectId, authDomain: `${projectId}.firebaseapp.com` },
    uniqueId(label),
  );
  const auth = getAuth(app);
  const authHost = hostPort('FIREBASE_AUTH_EMULATOR_HOST');
  connectAuthEmulator(auth, `http://${authHost.host}:${authHost.port}`, { disableWarnings: true });
  // Memory cache (the default in Node): the browser's persistent cache needs IndexedDB. A
  // connection of its own, as each browser has: grpc-js lets channels whose options are equal share
  // one HTTP/2 connection, so the soak's fifty people ran on one or two, and a Listen stream the
  // emulator broke (npm run listen-breaks) could stall them all. The window differs by a byte per
  // client (grpc-js 1.9, the SDK's, does not apply it), which makes each channel's options its own.
  const db = initializeFirestore(app, { grpcFlowControlWindow: DEFAULT_FLOW_CONTROL_WINDOW + ++clients });
  const fsHost = hostPort('FIRESTORE_EMULATOR_HOST');
  connectFirestoreEmulator(db, fsHost.host, options.firestorePort ?? fsHost.port);
  // a Listen stream the emulator breaks waits out the SDK's maximum backoff, longer than a test
  // waits for a delivery: reconnected at once (support/listenStreams)
  const unwatch = reconnectBrokenListens(db);
  return {
    app,
    db,
    auth,
    async close() {
      unwatch();
      await terminate(db);
      await deleteApp(app);
    },
  };
}

/** A new person with an e-mail/password account on the Auth emulator, signed in. */
export async function newSimUser(label = 'user', options: ClientOptions = {}): Promise<SimUser> {
  const client = newClient(label, options);
  const id = uniqueId(label);
  const email = `${id}@example.com`;
  const credential = await createUserWithEmailAndPassword(client.auth, email, 'secret-pass-1');
  const name = `${label} ${id.slice(-4)}`;
  // as the app's sign-up does: the rules take every name shown as someone's from this profile
  await saveProfile(client.db, credential.user.uid, name);
  await untilConnected(client.db, credential.user.uid);
  return { ...client, uid: credential.user.uid, name, email };
}

/**
 * Resolves once the client's Listen stream has answered (its own profile, from the server). The
 * SDK calls a client offline when the first answer of its stream takes over 10 s, which a
 * saturated machine can make the emulator take, and a read then fails at once with "the client is
 * offline" (the load test's joins did, in a full run); a person whose app opens on a slow network
 * waits for it to connect in the same way.
 */
function untilConnected(db: Firestore, uid: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = onSnapshot(
      doc(db, 'users', uid),
      { includeMetadataChanges: true },
      (snapshot) => {
        if (snapshot.metadata.fromCache) return;
        stop();
        resolve();
      },
      reject,
    );
  });
}

/** Runs `fn` over `items` with at most `width` running at once. */
export async function pool<T>(items: T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index] as T, index);
    }
  });
  await Promise.all(workers);
}

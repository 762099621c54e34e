/**
 * Node clients of the emulators, each with its own Firebase app instance and Auth user, as a
 * separate browser would have; and the Admin SDK for seeding and for watching server-owned writes.
 */
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth } from 'firebase/auth';
import { connectFirestoreEmulator, initializeFirestore, terminate, type Firestore } from 'firebase/firestore';
import { deleteApp as deleteAdminApp, initializeApp as initializeAdminApp, type App } from 'firebase-admin/app';
import {
  getFirestore as getAdminFirestore,
  Timestamp,
  type Firestore as AdminFirestore,
} from 'firebase-admin/firestore';
import { activeHourMs, directRoomId, memberDocument, roomDocument, textMessage } from '@chat/shared';
import { saveProfile } from '../../web/src/data/users';
import { reconnectBrokenListens } from '../../test/support/listenStreams';
import type { BenchEnv } from './env';

export interface Client {
  app: FirebaseApp;
  db: Firestore;
  uid: string;
  name: string;
  /** stops reconnecting the client when the emulator breaks its Listen stream */
  unwatch: () => void;
}

let created = 0;

export async function newClient(env: BenchEnv, projectId: string, label: string): Promise<Client> {
  created += 1;
  const id = `${label}${created}${env.runId}`;
  const app = initializeApp({ apiKey: 'demo-api-key', projectId, authDomain: `${projectId}.firebaseapp.com` }, id);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://127.0.0.1:${env.ports.auth}`, { disableWarnings: true });
  const db = initializeFirestore(app, {});
  connectFirestoreEmulator(db, '127.0.0.1', env.ports.firestore);
  // a Listen stream the emulator breaks (firebase-tools#8654) would wait out the SDK's maximum
  // backoff, longer than a run waits for its deliveries: reconnected at once (test/support/listenStreams)
  const unwatch = reconnectBrokenListens(db);
  const credential = await createUserWithEmailAndPassword(auth, `${id}@bench.example.com`, 'bench-pass-1');
  const name = `${label} ${created}`;
  // as the app's sign-up does: the rules take every name shown as someone's from this profile
  await saveProfile(db, credential.user.uid, name);
  return { app, db, uid: credential.user.uid, name, unwatch };
}

export async function closeClients(clients: Client[]): Promise<void> {
  await Promise.all(
    clients.map(async (c) => {
      c.unwatch();
      await terminate(c.db).catch(() => undefined);
      await deleteApp(c.app).catch(() => undefined);
    }),
  );
}

export interface Admin {
  app: App;
  db: AdminFirestore;
}

export function newAdmin(projectId: string, name: string): Admin {
  // FIRESTORE_EMULATOR_HOST points the Admin SDK at the emulator, where no credential is needed
  const app = initializeAdminApp({ projectId }, name);
  return { app, db: getAdminFirestore(app) };
}

export async function closeAdmin(admin: Admin): Promise<void> {
  await deleteAdminApp(admin.app).catch(() => undefined);
}

/** A room's summary fields for a last message at `at` (activeHour with lastMessageAt, as the server writes them). */
function activeAt(at: Timestamp) {
  return { lastMessageAt: at, activeHour: Timestamp.fromMillis(activeHourMs(at.toMillis())) };
}

/** A public room as the app creates one, with `messages` seeded messages whose text names the room. */
export async function seedRoom(admin: Admin, roomId: string, name: string, messages = 0): Promise<void> {
  const now = Timestamp.now();
  await admin.db
    .doc(`rooms/${roomId}`)
    .set(roomDocument({ kind: 'public', name, createdBy: 'bench', createdAt: now, ...activeAt(now) }));
  const batch = admin.db.batch();
  for (let i = 0; i < messages; i++) {
    batch.set(
      admin.db.doc(`rooms/${roomId}/messages/seed${String(i).padStart(3, '0')}`),
      textMessage({
        authorId: 'bench',
        authorName: 'Bench',
        text: `${name} message ${i}`,
        createdAt: Timestamp.fromMillis(now.toMillis() - (messages - i) * 1000),
      }),
    );
  }
  if (messages > 0) await batch.commit();
}

/** The uid of the person whose profile has this display name (a page signed up with it). */
export async function uidByName(admin: Admin, displayName: string): Promise<string> {
  const found = await admin.db.collection('users').where('displayName', '==', displayName).limit(1).get();
  const uid = found.docs[0]?.id;
  if (!uid) throw new Error(`no profile named "${displayName}"`);
  return uid;
}

/** The direct room of two people as if one had messaged the other and it was accepted; returns its id. */
export async function seedDirectRoom(
  admin: Admin,
  a: { uid: string; name: string },
  b: { uid: string; name: string },
): Promise<string> {
  const roomId = directRoomId(a.uid, b.uid);
  const now = Timestamp.now();
  const memberIds = [a.uid, b.uid].sort();
  await admin.db
    .doc(`rooms/${roomId}`)
    .set(roomDocument({ kind: 'direct', name: '', createdBy: a.uid, createdAt: now, memberIds, ...activeAt(now) }));
  const batch = admin.db.batch();
  for (const p of [a, b]) {
    batch.set(
      admin.db.doc(`rooms/${roomId}/members/${p.uid}`),
      memberDocument({ uid: p.uid, role: 'member', displayName: p.name, joinedAt: now }),
    );
    // the room list reads each member's entries
    batch.set(admin.db.doc(`users/${p.uid}/rooms/${roomId}`), { joinedAt: now });
  }
  await batch.commit();
  return roomId;
}

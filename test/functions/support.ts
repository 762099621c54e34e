/**
 * Helpers for the functions tests. `triggered()` is the emulators:exec project, where every
 * write fires the deployed functions; `direct()` is a project of its own where nothing fires,
 * so handlers can be called by hand with events the emulator cannot produce (repeats, reorders).
 */
import { memberDocument, roomDocument } from '@chat/shared';
import { getApps, initializeApp as initializeAdmin, type App } from 'firebase-admin/app';
import { getAuth as getAdminAuth } from 'firebase-admin/auth';
import { FieldValue, getFirestore, Timestamp, type DocumentData, type Firestore } from 'firebase-admin/firestore';
import { deleteApp, initializeApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import { connectFunctionsEmulator, FunctionsError, getFunctions, httpsCallable } from 'firebase/functions';
import type { MessageData } from '../../functions/src/lib/typed';
import { eventually, ports, projectId, uniqueId } from '../support/env';

function adminApp(name: string, project: string): App {
  return getApps().find((a) => a.name === name) ?? initializeAdmin({ projectId: project }, name);
}

/** Admin access to the project whose writes fire the functions. */
export function triggered(): Firestore {
  return getFirestore(adminApp('triggered', projectId));
}

export function adminAuth() {
  return getAdminAuth(adminApp('triggered', projectId));
}

/** Admin access to a project no function listens to, for calling handlers directly. */
export function direct(project = 'demo-functions-direct'): Firestore {
  return getFirestore(adminApp(project, project));
}

export interface SeededRoom {
  roomId: string;
  owner: string;
  members: string[];
}

/**
 * A public room with an owner and members, written as the server would have it: each membership a
 * member document and its room-list entry (users/{uid}/rooms/{roomId}), memberCount their number,
 * memberIds only on a direct room.
 */
export async function seedRoom(
  db: Firestore,
  memberCount = 2,
  kind: 'public' | 'direct' = 'public',
): Promise<SeededRoom> {
  const roomId = uniqueId('room');
  const members = Array.from({ length: memberCount }, (_, i) => uniqueId(`u${i}`));
  const owner = members[0]!;
  const batch = db.batch();
  batch.set(
    db.doc(`rooms/${roomId}`),
    roomDocument({
      kind,
      name: roomId,
      createdBy: owner,
      createdAt: FieldValue.serverTimestamp(),
      memberIds: members,
      memberCount: members.length,
    }),
  );
  members.forEach((uid, i) => {
    // established people: reports from accounts a day old, in the room for an hour, count
    batch.set(db.doc(`users/${uid}`), {
      displayName: `Member ${uid}`,
      nameLower: `member ${uid}`,
      photoURL: null,
      createdAt: Timestamp.fromMillis(Date.now() - 2 * 86_400_000),
    });
    batch.set(
      db.doc(`rooms/${roomId}/members/${uid}`),
      memberDocument({
        uid,
        role: i === 0 ? 'owner' : 'member',
        displayName: `Member ${uid}`,
        joinedAt: Timestamp.fromMillis(Date.now() - 2 * 3_600_000),
      }),
    );
    // and the room in their room list, as every membership is
    batch.set(db.doc(`users/${uid}/rooms/${roomId}`), { joinedAt: Timestamp.fromMillis(Date.now() - 2 * 3_600_000) });
  });
  await batch.commit();
  return { roomId, owner, members };
}

/** A change of the room's name or topic as the client makes it: with uid's record of it, in one batch. */
export async function renameRoom(
  db: Firestore,
  roomId: string,
  uid: string,
  change: { name?: string; topic?: string },
): Promise<void> {
  const batch = db.batch();
  batch.update(db.doc(`rooms/${roomId}`), change);
  batch.set(db.doc(`rooms/${roomId}/renames/${uid}`), { ...change, at: FieldValue.serverTimestamp() });
  await batch.commit();
}

/** A person's text message as stored, and so as a trigger's event carries it: for handlers called directly. */
export function storedMessage(authorId: string, text: string, extra: Partial<MessageData> = {}): MessageData {
  return {
    authorId,
    authorName: `Member ${authorId}`,
    text,
    createdAt: Timestamp.now(),
    kind: 'text',
    replyTo: null,
    mentions: [],
    words: text.toLowerCase().split(/\s+/).filter(Boolean),
    attachment: null,
    editedAt: null,
    deleted: false,
    reactions: {},
    threadId: null,
    inRoom: true,
    ...extra,
  };
}

/** A person's text message to write, dated by the server. */
export function messageData(
  authorId: string,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...storedMessage(authorId, text), createdAt: FieldValue.serverTimestamp(), ...extra };
}

export async function addMessage(
  db: Firestore,
  roomId: string,
  authorId: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = uniqueId('m');
  await db.doc(`rooms/${roomId}/messages/${id}`).set(messageData(authorId, text, extra));
  return id;
}

export function at(ms: number): Timestamp {
  return Timestamp.fromMillis(ms);
}

/** A signed-in client of the emulated project, able to call the callable functions. */
export async function signedInClient(uid: string, claims?: Record<string, unknown>) {
  const email = `${uid.toLowerCase()}@example.com`;
  const password = 'secret-pass-1';
  await adminAuth().createUser({ uid, email, password, displayName: `Member ${uid}` });
  if (claims) await adminAuth().setCustomUserClaims(uid, claims);
  const app = initializeApp({ apiKey: 'demo-api-key', projectId }, uniqueId('client'));
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://127.0.0.1:${ports.auth}`, { disableWarnings: true });
  await signInWithEmailAndPassword(auth, email, password);
  const functions = getFunctions(app);
  connectFunctionsEmulator(functions, '127.0.0.1', ports.functions);
  return {
    call: <T = unknown>(name: string, data: unknown) =>
      httpsCallable<unknown, T>(functions, name)(data).then((r) => r.data),
    close: () => deleteApp(app),
  };
}

/** An anonymous client (no sign-in) for the unauthenticated cases. */
export function anonymousClient() {
  const app = initializeApp({ apiKey: 'demo-api-key', projectId }, uniqueId('anon'));
  const functions = getFunctions(app);
  connectFunctionsEmulator(functions, '127.0.0.1', ports.functions);
  return {
    call: (name: string, data: unknown) => httpsCallable(functions, name)(data).then((r) => r.data),
    close: () => deleteApp(app),
  };
}

/**
 * The Functions emulator starts a worker per function on first use and the Firestore emulator
 * delivers events one after another, so on a busy 2-core machine effects can take a while.
 */
export const TRIGGER_TIMEOUT_MS = 50_000;

/** How a callable answered: 'ok', or the code of the HttpsError it threw. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof FunctionsError ? error.code : String(error);
  }
}

/** The message once the functions have made it what `ready` says (waited for up to TRIGGER_TIMEOUT_MS). */
export function messageOnce(
  db: Firestore,
  roomId: string,
  messageId: string,
  ready: (message: DocumentData) => boolean,
  what: string,
): Promise<DocumentData> {
  return eventually(
    async () => {
      const data = (await db.doc(`rooms/${roomId}/messages/${messageId}`).get()).data();
      return data && ready(data) ? data : undefined;
    },
    what,
    TRIGGER_TIMEOUT_MS,
  );
}

/**
 * Counts the writes of a document from now on (each write has its own update time), for the
 * coalescing tests (thread summaries, reaction counts): `stop()` ends the count and answers it.
 */
export function countWrites(db: Firestore, path: string) {
  const times = new Set<number>();
  let initial: number | null = null;
  const unsubscribe = db.doc(path).onSnapshot((snap) => {
    const time = snap.updateTime?.toMillis();
    if (time === undefined) return;
    if (initial === null) initial = time;
    else if (time !== initial) times.add(time);
  });
  return {
    stop: async () => {
      // the listener may be a moment behind the last write
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      unsubscribe();
      return times.size;
    },
  };
}

/**
 * Seeding for conversation tests through the Admin SDK (past the rules), against the emulators
 * of this test run: rooms with their members, history, read cursors, presence and receipt
 * summaries that other parts of the system (functions, other clients) would normally write.
 */
import { searchWords } from '@chat/shared';
import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { FieldValue, getFirestore, Timestamp } from 'firebase-admin/firestore';
import { projectId, uniqueId } from '../../support/env';

function app() {
  return getApps()[0] ?? initializeApp({ projectId });
}

export const adminDb = () => getFirestore(app());

export async function uidOf(email: string): Promise<string> {
  return (await getAuth(app()).getUserByEmail(email)).uid;
}

export interface Person {
  uid: string;
  name: string;
  role?: 'owner' | 'admin' | 'member';
}

/** A public room of these people (the first is the owner); returns its id. */
export async function seedRoom(people: Person[], name = 'room'): Promise<string> {
  const roomId = uniqueId('room');
  const db = adminDb();
  const batch = db.batch();
  batch.set(db.doc(`rooms/${roomId}`), {
    kind: 'public',
    name: `${name}-${roomId.slice(-5)}`,
    topic: '',
    createdBy: people[0]!.uid,
    createdAt: FieldValue.serverTimestamp(),
    memberIds: people.map((p) => p.uid),
    slowModeSec: 0,
    lastMessage: null,
    lastMessageAt: FieldValue.serverTimestamp(),
    messageCount: 0,
  });
  people.forEach((p, i) =>
    batch.set(db.doc(`rooms/${roomId}/members/${p.uid}`), {
      uid: p.uid,
      role: p.role ?? (i === 0 ? 'owner' : 'member'),
      displayName: p.name,
      joinedAt: FieldValue.serverTimestamp(),
      mutedUntil: null,
      via: null,
    }),
  );
  await batch.commit();
  return roomId;
}

export interface SeededMessage {
  id: string;
  text: string;
  at: Timestamp;
}

/** `count` messages by `author`, one a minute, the last `endMinutesAgo` minutes ago, oldest first. */
export async function seedMessages(
  roomId: string,
  author: Person,
  count: number,
  text: (i: number) => string,
  endMinutesAgo = 1,
): Promise<SeededMessage[]> {
  const db = adminDb();
  const end = Date.now() - endMinutesAgo * 60_000;
  const out: SeededMessage[] = [];
  for (let start = 0; start < count; start += 400) {
    const batch = db.batch();
    for (let i = start; i < Math.min(count, start + 400); i++) {
      const id = `m${String(i).padStart(4, '0')}${uniqueId('')}`;
      const at = Timestamp.fromMillis(end - (count - 1 - i) * 60_000);
      const body = text(i);
      batch.set(db.doc(`rooms/${roomId}/messages/${id}`), {
        authorId: author.uid,
        authorName: author.name,
        text: body,
        createdAt: at,
        kind: 'text',
        replyTo: null,
        mentions: [],
        attachment: null,
        editedAt: null,
        deleted: false,
        reactions: {},
        words: searchWords(body),
      });
      out.push({ id, text: body, at });
    }
    await batch.commit();
  }
  return out;
}

export async function seedReadCursor(uid: string, roomId: string, message: SeededMessage): Promise<void> {
  await adminDb().doc(`users/${uid}/reads/${roomId}`).set({
    lastReadAt: message.at,
    lastReadId: message.id,
    updatedAt: message.at,
  });
}

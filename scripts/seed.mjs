// Seeds the emulators with demo users, rooms and some history. Run by `npm start` on first start,
// bundled with esbuild first (it builds its documents with the shared TypeScript).
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { FieldValue, Timestamp, getFirestore } from 'firebase-admin/firestore';
import { textMessage } from '../shared/src/messages.ts';
import { activeHourMs, memberDocument, roomDocument } from '../shared/src/rooms.ts';

if (!process.env.FIRESTORE_EMULATOR_HOST || !process.env.FIREBASE_AUTH_EMULATOR_HOST) {
  console.error('✖ seed.mjs only runs against the emulators (FIRESTORE_EMULATOR_HOST is not set).');
  process.exit(1);
}

const app = initializeApp({ projectId: process.env.GCLOUD_PROJECT });
const auth = getAuth(app);
const db = getFirestore(app);

export const DEMO_PASSWORD = 'password123';
const people = [
  { uid: 'demo-ana', email: 'ana@example.com', displayName: 'Ana Lima' },
  { uid: 'demo-ben', email: 'ben@example.com', displayName: 'Ben Okafor' },
  { uid: 'demo-chloe', email: 'chloe@example.com', displayName: 'Chloé Martin' },
];

const rooms = [
  { id: 'general', kind: 'public', name: 'general', topic: 'Say hello', owner: 'demo-ana', members: ['demo-ana', 'demo-ben', 'demo-chloe'] },
  { id: 'random', kind: 'public', name: 'random', topic: 'Anything goes', owner: 'demo-ben', members: ['demo-ben', 'demo-chloe'] },
  { id: 'design-team', kind: 'private', name: 'design-team', topic: 'Private: the design crew', owner: 'demo-ana', members: ['demo-ana', 'demo-ben'] },
  { id: 'dm_demo-ana_demo-ben', kind: 'direct', name: '', topic: '', owner: 'demo-ana', members: ['demo-ana', 'demo-ben'] },
];

const threadReplies = ['On it, I will post the numbers here.', 'Numbers look fine on my side.', 'Great, closing this out.'];
const lines = [
  'Morning all 👋',
  'Has anyone tried the new build?',
  'Yes, the sidebar feels much faster now.',
  'Lunch at 12:30?',
  'Count me in.',
  'I pushed the fixes for the login page.',
  'Nice, reviewing now.',
  'Looks good to me, merging.',
  'Reminder: demo on Friday at 3pm.',
  'I will prepare the slides.',
];

for (const person of people) {
  await auth.createUser({ ...person, password: DEMO_PASSWORD, emailVerified: true }).catch((error) => {
    if (error.code !== 'auth/uid-already-exists' && error.code !== 'auth/email-already-exists') throw error;
  });
  await db.doc(`users/${person.uid}`).set({
    displayName: person.displayName,
    nameLower: person.displayName.toLowerCase(),
    photoURL: null,
    createdAt: FieldValue.serverTimestamp(),
  });
}

const nameOf = (uid) => people.find((p) => p.uid === uid).displayName;
const start = Date.now() - 2 * 24 * 3600_000;

for (const room of rooms) {
  const batch = db.batch();
  const roomRef = db.doc(`rooms/${room.id}`);
  const count = room.kind === 'public' ? 24 : 8;
  let last = null;
  for (let i = 0; i < count; i++) {
    const authorId = room.members[i % room.members.length];
    const at = Timestamp.fromMillis(start + i * 97 * 60_000);
    const ref = roomRef.collection('messages').doc(`seed-${String(i).padStart(3, '0')}`);
    const text = lines[i % lines.length];
    batch.set(ref, {
      ...textMessage({ authorId, authorName: nameOf(authorId), text, createdAt: at }),
      reactions: i % 5 === 2 ? { '👍': [room.members[0]] } : {},
    });
    last = { id: ref.id, authorId, authorName: nameOf(authorId), excerpt: text, at };
  }
  // a thread under the fourth message: replies that stay in it, and its summary as the server keeps it
  if (room.kind === 'public') {
    const threadId = 'seed-003';
    const replies = threadReplies.map((text, i) => {
      const authorId = room.members[(i + 1) % room.members.length];
      return { id: `seed-003-r${i}`, authorId, text, at: Timestamp.fromMillis(start + (3 * 97 + 5 + i * 4) * 60_000) };
    });
    for (const r of replies) {
      batch.set(roomRef.collection('messages').doc(r.id), {
        ...textMessage({ authorId: r.authorId, authorName: nameOf(r.authorId), text: r.text, createdAt: r.at }),
        threadId,
        inRoom: false,
      });
    }
    const authors = [...new Map(replies.toReversed().map((r) => [r.authorId, { id: r.authorId, name: nameOf(r.authorId) }])).values()];
    batch.update(roomRef.collection('messages').doc(threadId), {
      replies: { count: replies.length, lastAt: replies.at(-1).at, authors: authors.slice(0, 3) },
    });
  }
  batch.set(
    roomRef,
    roomDocument({
      kind: room.kind,
      name: room.name,
      topic: room.topic,
      createdBy: room.owner,
      createdAt: Timestamp.fromMillis(start - 3600_000),
      // a direct room names its pair; a group room lists no members (its member documents do)
      ...(room.kind === 'direct' ? { memberIds: room.members } : {}),
      memberCount: room.members.length,
      lastMessage: last,
      lastMessageAt: last.at,
      activeHour: Timestamp.fromMillis(activeHourMs(last.at.toMillis())),
      messageCount: count,
    }),
  );
  for (const uid of room.members) {
    batch.set(
      roomRef.collection('members').doc(uid),
      memberDocument({
        uid,
        role: uid === room.owner ? 'owner' : 'member',
        displayName: nameOf(uid),
        joinedAt: Timestamp.fromMillis(start - 3600_000),
      }),
    );
    // and the room in their room list (users/{uid}/rooms), as every membership is
    batch.set(db.doc(`users/${uid}/rooms/${room.id}`), { joinedAt: Timestamp.fromMillis(start - 3600_000) });
  }
  await batch.commit();
}

console.log(`  seeded ${people.length} users and ${rooms.length} rooms`);
process.exit(0);

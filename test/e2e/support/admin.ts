/**
 * Seeding for conversation tests through the Admin SDK (past the rules), against the emulators
 * of this test run: rooms with their members, history, read cursors, presence and receipt
 * summaries that other parts of the system (functions, other clients) would normally write.
 */
import { activeHourMs, directRoomId, memberDocument, roomDocument, textMessage } from '@chat/shared';
import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { FieldValue, getFirestore, Timestamp } from 'firebase-admin/firestore';
import type { Browser, Page } from 'playwright-core';
import { eventually, projectId, uniqueId } from '../../support/env';
import { BROWSER_WAIT_MS, newPage, newUser, type TestUser } from './browser';

function app() {
  return getApps()[0] ?? initializeApp({ projectId });
}

export const adminDb = () => getFirestore(app());
export const adminAuth = () => getAuth(app());

/**
 * A rate-limit ring full of recent uses, as the rules count them (ledgers of n and at, such as
 * `nameLedgers/{uid}` or `roomLedgers/{uid}`): `count` uses, the oldest `oldestMinutesAgo` ago and
 * one a minute after it. Returns when its slot frees up as the app says it in English ("02:05 PM").
 */
export async function fillRing(
  path: string,
  count: number,
  oldestMinutesAgo: number,
  extra: object = {},
): Promise<string> {
  const oldest = Date.now() - oldestMinutesAgo * 60_000;
  const at = Object.fromEntries(
    Array.from({ length: count }, (_, slot) => [String(slot), Timestamp.fromMillis(oldest + slot * 60_000)]),
  );
  await adminDb()
    .doc(path)
    .set({ n: count, at, ...extra });
  return new Date(at['0']!.toMillis() + 3_600_000).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' });
}

export interface Person {
  uid: string;
  name: string;
  role?: 'owner' | 'admin' | 'member';
}

/**
 * A room of these people (the first is the owner); returns its id. Public unless `kind` says
 * private: people who share a private room start direct conversations without a message request.
 */
export async function seedRoom(
  people: Person[],
  name = 'room',
  kind: 'public' | 'private' = 'public',
): Promise<string> {
  const roomId = uniqueId('room');
  const db = adminDb();
  const batch = db.batch();
  const now = FieldValue.serverTimestamp();
  batch.set(
    db.doc(`rooms/${roomId}`),
    roomDocument({
      kind,
      name: `${name}-${roomId.slice(-5)}`,
      createdBy: people[0]!.uid,
      createdAt: now,
      // a group room lists no members: it counts them (the server keeps the count from here on)
      memberCount: people.length,
      lastMessageAt: now,
      activeHour: Timestamp.fromMillis(activeHourMs(Date.now())),
    }),
  );
  people.forEach((p, i) => {
    batch.set(
      db.doc(`rooms/${roomId}/members/${p.uid}`),
      memberDocument({
        uid: p.uid,
        role: p.role ?? (i === 0 ? 'owner' : 'member'),
        displayName: p.name,
        joinedAt: FieldValue.serverTimestamp(),
      }),
    );
    // every membership is in its member's room list, which the app's room list reads
    batch.set(db.doc(`users/${p.uid}/rooms/${roomId}`), { joinedAt: now });
  });
  await batch.commit();
  return roomId;
}

/**
 * Waits until the functions have posted a seeded room's join notices (one per member but its
 * owner) and its summary shows the newest message: call it before a page starts listening to the
 * room (opens or reloads), since the Firestore emulator can miss, for good, a commit that races
 * the start of a listen (README, `npm run listen-race`); production starts a listen at a
 * consistent snapshot.
 */
export async function roomSettled(roomId: string): Promise<void> {
  const db = adminDb();
  const messages = db.collection(`rooms/${roomId}/messages`);
  const members = db.collection(`rooms/${roomId}/members`);
  const joiners = (await members.where('role', '!=', 'owner').count().get()).data().count;
  await eventually(
    async () => {
      const [notices, newest, room] = await Promise.all([
        messages.where('kind', '==', 'system').count().get(),
        messages.orderBy('createdAt', 'desc').limit(1).get(),
        db.doc(`rooms/${roomId}`).get(),
      ]);
      const shown = (room.get('lastMessage') as { id?: string } | null)?.id;
      return notices.data().count >= joiners && shown === newest.docs[0]?.id ? true : undefined;
    },
    `the join notices of ${roomId} posted and summarised`,
    BROWSER_WAIT_MS,
  );
}

/**
 * Waits until the server has `blocker`'s block of `blocked` (or, with `stored` false, its
 * removal): the blocker's page shows it at once, from the local write, but only a committed block
 * refuses the blocked person's sends.
 */
export async function blockStored(blocker: Person, blocked: Person, stored = true): Promise<void> {
  const ref = adminDb().doc(`blockedBy/${blocked.uid}`);
  await eventually(
    async () => {
      const uids = ((await ref.get()).get('uids') as string[] | undefined) ?? [];
      return uids.includes(blocker.uid) === stored ? true : undefined;
    },
    `${blocker.name}'s block of ${blocked.name} ${stored ? 'stored' : 'removed'}`,
    BROWSER_WAIT_MS,
  );
}

/** The direct room of two people (as if one had messaged the other); returns its id. */
export async function seedDirectRoom(a: Person, b: Person): Promise<string> {
  const roomId = directRoomId(a.uid, b.uid);
  const db = adminDb();
  const now = FieldValue.serverTimestamp();
  await db.doc(`rooms/${roomId}`).set(
    roomDocument({
      kind: 'direct',
      name: '',
      createdBy: a.uid,
      createdAt: now,
      memberIds: [a.uid, b.uid].sort(),
      lastMessageAt: now,
      activeHour: Timestamp.fromMillis(activeHourMs(Date.now())),
    }),
  );
  for (const p of [a, b]) {
    const batch = db.batch();
    batch.set(
      db.doc(`rooms/${roomId}/members/${p.uid}`),
      memberDocument({ uid: p.uid, role: 'member', displayName: p.name, joinedAt: FieldValue.serverTimestamp() }),
    );
    batch.set(db.doc(`users/${p.uid}/rooms/${roomId}`), { joinedAt: FieldValue.serverTimestamp() });
    await batch.commit();
  }
  return roomId;
}

export interface SeededMessage {
  id: string;
  text: string;
  at: Timestamp;
}

/** `count` messages by `author`, one every `stepMs` (a minute), the last `endMinutesAgo` minutes ago, oldest first. */
export async function seedMessages(
  roomId: string,
  author: Person,
  count: number,
  text: (i: number) => string,
  endMinutesAgo = 1,
  stepMs = 60_000,
): Promise<SeededMessage[]> {
  const db = adminDb();
  const end = Date.now() - endMinutesAgo * 60_000;
  const out: SeededMessage[] = [];
  for (let start = 0; start < count; start += 400) {
    const batch = db.batch();
    for (let i = start; i < Math.min(count, start + 400); i++) {
      const id = `m${String(i).padStart(4, '0')}${uniqueId('')}`;
      const at = Timestamp.fromMillis(end - (count - 1 - i) * stepMs);
      const body = text(i);
      batch.set(
        db.doc(`rooms/${roomId}/messages/${id}`),
        textMessage({ authorId: author.uid, authorName: author.name, text: body, createdAt: at }),
      );
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

/**
 * A room admin's mute as the app writes it: the sanction on record (what the rules read) and its
 * mirror on the member document; null lifts it.
 */
export async function muteMember(roomId: string, uid: string, mutedUntil: Date | Timestamp | null): Promise<void> {
  const db = adminDb();
  const batch = db.batch();
  batch.set(db.doc(`rooms/${roomId}/sanctions/${uid}`), { mutedUntil, kickedAt: null });
  batch.update(db.doc(`rooms/${roomId}/members/${uid}`), { mutedUntil });
  await batch.commit();
}

/** The account of someone who signed up through the UI, as a Person. */
export async function personOf(user: TestUser): Promise<Person> {
  return { uid: (await adminAuth().getUserByEmail(user.email)).uid, name: user.name };
}

/** An account made through the Admin SDK, with its public profile. */
export async function createPerson(first: string): Promise<{ user: TestUser; person: Person }> {
  const user = newUser(first);
  const created = await adminAuth().createUser({ email: user.email, password: user.password, displayName: user.name });
  await adminDb().doc(`users/${created.uid}`).set({
    displayName: user.name,
    nameLower: user.name.toLowerCase(),
    photoURL: null,
    createdAt: FieldValue.serverTimestamp(),
  });
  return { user, person: { uid: created.uid, name: user.name } };
}

/**
 * Signs `user` in through the UI in `page` at `start` (a path of the app), which shows the chat
 * afterwards: the sign-in screen takes them on to where they were going, as it does a person who
 * follows a link. It returns once the sidebar's room list has had its first answer (its navigation
 * no longer busy; the server's, in a new browser profile): a room seeded for them after that
 * reaches the list. Seeded while
 * the list's listen is still starting, the emulator can miss it for good (README, `npm run
 * listen-race`; a clean-clone run: Cy's list said "No conversations yet" 100 s after his room was
 * seeded, at load 11.8); production starts a listen at a consistent snapshot.
 */
export async function signInThroughUi(page: Page, user: TestUser, start = '/'): Promise<void> {
  await page.goto(start);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.locator('nav[aria-busy="false"]').waitFor({ state: 'attached' });
}

/**
 * A person with an account made through the Admin SDK, signed in through the UI in a browser
 * profile of their own. Sign-up itself is tested elsewhere; skipping its screens keeps these
 * conversation tests short on a busy machine. `start` is where they land: '/' opens (and joins)
 * #general, which other suites talk in; '/rooms' keeps them out of it, for exact totals.
 */
export type SignedInPerson = Awaited<ReturnType<typeof signedInPerson>>;

export async function signedInPerson(browser: Browser, first: string, start: '/' | '/rooms' = '/') {
  return signIn(await createPerson(first), browser, start);
}

async function signIn({ user, person }: { user: TestUser; person: Person }, browser: Browser, start: string) {
  const { context, page } = await newPage(browser);
  await signInThroughUi(page, user, start);
  return { user, person, context, page };
}

/**
 * `names` signed in, each in a browser profile of their own, and a room seeded for them (the
 * first owns it). Unless `open` is false (the test opens it itself), each signs in at the room's
 * link and lands in it: one page load each, not a sign-in at #general and then a second load.
 * Either way nobody joins #general: no join notices for the Functions to post there.
 */
export async function peopleInRoom<const N extends readonly string[]>(
  browser: Browser,
  names: N,
  room: string,
  { open = true }: { open?: boolean } = {},
) {
  const accounts = await Promise.all(names.map((name) => createPerson(name)));
  const roomId = await seedRoom(
    accounts.map((a) => a.person),
    room,
  );
  const people = await Promise.all(
    accounts.map(async (account) => {
      const signedIn = await signIn(account, browser, open ? `/r/${roomId}` : '/rooms');
      if (open) await signedIn.page.getByRole('textbox', { name: /^Message / }).waitFor();
      return signedIn;
    }),
  );
  return { people: people as { [K in keyof N]: SignedInPerson }, roomId };
}

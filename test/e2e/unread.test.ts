/**
 * Unread counts as a member sees them with the room closed: the sidebar badge, the tab title and
 * desktop notifications, whatever order the room summary, the read cursor and the count reach
 * the page in.
 */
import { textMessage } from '@chat/shared';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { eventually, uniqueId } from '../support/env';
import { adminDb, roomSettled, seedRoom, signedInPerson, type Person } from './support/admin';
import {
  BROWSER_WAIT_MS,
  suiteBrowser,
  messagePerson,
  openRoom,
  recordNotifications,
  roomLink,
  sendMessage,
  setHidden,
  shownNotifications,
  unreadInTitle,
  unreadOf,
} from './support/browser';

const roomName = async (roomId: string) => String((await adminDb().doc(`rooms/${roomId}`).get()).get('name'));

/** Someone with no browser of their own: their messages are written as their other devices would store them. */
const otherPerson = (first: string): Person => ({
  uid: uniqueId(first.toLowerCase()),
  name: `${first} ${uniqueId().slice(-4)}`,
});

/** A text message written past the client, as another device of `author` (or the server) would store it. */
async function postAs(
  roomId: string,
  author: Person,
  text: string,
  createdAt: Timestamp | FieldValue = FieldValue.serverTimestamp(),
) {
  const ref = adminDb().collection(`rooms/${roomId}/messages`).doc();
  await ref.set(textMessage({ authorId: author.uid, authorName: author.name, text, createdAt }));
  return ref.id;
}

/** Waits until the room summary (written by a function) names `messageId` as the newest message. */
const summaryReaches = (roomId: string, messageId: string) =>
  eventually(
    async () => ((await adminDb().doc(`rooms/${roomId}`).get()).get('lastMessage.id') === messageId ? true : undefined),
    `the summary of ${roomId} to reach ${messageId}`,
    BROWSER_WAIT_MS,
  );

const browser = await suiteBrowser();

/**
 * Ben in the browser with another room open, and a room he shares with Ana (who has no browser):
 * its sidebar link, once Ben's join notice (posted by a function) has landed in it, so the
 * messages a test posts next are the newest and no later summary recounts by chance.
 */
async function benLookingElsewhere(sharedName: string, otherName: string) {
  const ben = await signedInPerson(browser, 'Ben', '/rooms');
  const ana = otherPerson('Ana');
  const shared = await seedRoom([ana, ben.person], sharedName);
  const other = await seedRoom([ben.person], otherName);
  await Promise.all([roomSettled(shared), roomSettled(other)]);
  await openRoom(ben.page, other);
  const link = roomLink(ben.page, await roomName(shared));
  await link.getByText(`${ben.person.name} joined the room`).waitFor();
  return { ben, ana, shared, link };
}

describe('unread counts', () => {
  it('counts a message that arrived after the last one the reader saw but before their read cursor was written', async () => {
    const ben = await signedInPerson(browser, 'Ben', '/rooms');
    const ana = otherPerson('Ana');
    const shared = await seedRoom([ana, ben.person], 'shared');
    const other = await seedRoom([ben.person], 'other');
    await Promise.all([roomSettled(shared), roomSettled(other)]);
    await openRoom(ben.page, shared);
    // the join notice is posted by a function: let it land before the messages
    await ben.page.getByRole('list', { name: 'Messages' }).getByText(`${ben.person.name} joined the room`).waitFor();

    const seenId = await postAs(shared, ana, 'the one Ben saw');
    await ben.page.getByRole('list', { name: 'Messages' }).getByText('the one Ben saw', { exact: true }).waitFor();
    const seen = await adminDb().doc(`rooms/${shared}/messages/${seenId}`).get();
    // Ben's cursor write is coalesced and lands a moment after he saw the message
    const cursor = await eventually(async () => {
      const snap = await adminDb().doc(`users/${ben.person.uid}/reads/${shared}`).get();
      return snap.get('lastReadId') === seenId ? snap : undefined;
    }, "Ben's read cursor", BROWSER_WAIT_MS);
    await roomLink(ben.page, await roomName(other)).click();
    await ben.page.getByRole('heading', { name: `# ${await roomName(other)}` }).waitFor();

    // A message the server stamped between the moment Ben saw the newest message and the moment
    // his cursor write reached it: what a message sent in that window gets on a busy machine.
    // Stamping it by hand makes that order certain instead of likely.
    const seenAt = (seen.get('createdAt') as Timestamp).toMillis();
    const writtenAt = (cursor.get('updatedAt') as Timestamp).toMillis();
    expect(writtenAt).toBeGreaterThan(seenAt + 1);
    const unseen = await postAs(
      shared,
      ana,
      'sent while the cursor was on its way',
      Timestamp.fromMillis(Math.floor((seenAt + writtenAt) / 2)),
    );
    await summaryReaches(shared, unseen);
    const link = roomLink(ben.page, await roomName(shared));
    await link.getByText('sent while the cursor was on its way').waitFor();
    await expect.poll(() => unreadOf(link)).toBe('1 unread');
    await ben.context.close();
  });

  it("does not count the reader's own messages from another device", async () => {
    const { ben, ana, shared, link } = await benLookingElsewhere('mine', 'elsewhere');
    await postAs(shared, ben.person, 'from my phone');
    await postAs(shared, ben.person, 'and again from my phone');
    const last = await postAs(shared, ana, 'an answer from Ana');
    await summaryReaches(shared, last);
    await link.getByText('an answer from Ana').waitFor();
    await expect.poll(() => unreadOf(link)).toBe('1 unread');

    // Ben's own message is the newest: nothing new from anyone else
    const mine = await postAs(shared, ben.person, 'thanks, from my phone');
    await summaryReaches(shared, mine);
    await link.getByText('You: thanks, from my phone').waitFor();
    await expect.poll(() => unreadOf(link)).toBe('1 unread');
    await ben.context.close();
  });

  it('takes a failed count again instead of waiting for the next message', async () => {
    const { ben, ana, shared, link } = await benLookingElsewhere('flaky', 'quiet');

    // the next count request fails, as on a dropped connection
    let failed = 0;
    await ben.page.route('**/*:runAggregationQuery*', async (route) => {
      if (failed++ === 0) return route.abort('connectionreset');
      return route.continue();
    });
    const message = await postAs(shared, ana, 'are you there?');
    await summaryReaches(shared, message);
    await link.getByText('are you there?').waitFor();
    await expect.poll(() => failed).toBeGreaterThan(0);
    await expect.poll(() => unreadOf(link)).toBe('1 unread');
    await ben.context.close();
  });

  it('three messages to a member with the room closed: the badge, the tab title and the notifications read 1, 2, 3', async () => {
    const [ana, ben] = await Promise.all([signedInPerson(browser, 'Ana'), signedInPerson(browser, 'Ben', '/rooms')]);
    await ben.context.addInitScript(recordNotifications);
    const other = await seedRoom([ben.person], 'reading');
    await openRoom(ben.page, other);
    await ben.page.getByRole('button', { name: 'Enable desktop notifications' }).click();
    await expect.poll(() => ben.page.getByRole('button', { name: 'Enable desktop notifications' }).count()).toBe(0);
    await setHidden(ben.page, true);

    // Ana writes to Ben for the first time: a direct room (notifies for every message by default);
    // they share a private room, so it is no message request (strangers: requests.test.ts)
    const club = await seedRoom([ana.person, ben.person], 'club', 'private');
    await roomLink(ana.page, `club-${club.slice(-5)}`).waitFor();
    await messagePerson(ana.page, ben.person.name);
    // the room, made as Ana opened it, in Ben's list first: his listener on it is then in place
    // before the first message's summary is written (the emulator can drop a commit that races a
    // listen's start: README, `npm run listen-race`)
    const link = roomLink(ben.page, ana.person.name);
    await link.waitFor();
    const expected: { title: string; body: string }[] = [];
    for (const n of [1, 2, 3]) {
      await sendMessage(ana.page, `note ${n}`);
      await link.getByText(`note ${n}`).waitFor();
      await expect.poll(() => unreadOf(link)).toBe(`${n} unread`);
      await expect.poll(() => unreadInTitle(ben.page)).toBe(n);
      expected.push({ title: ana.person.name, body: `note ${n}` });
      await expect.poll(() => shownNotifications(ben.page)).toEqual(expected);
    }
    // reading it clears all three
    await setHidden(ben.page, false);
    await link.click();
    await ben.page.getByRole('list', { name: 'Messages' }).getByText('note 3', { exact: true }).waitFor();
    await expect.poll(() => unreadOf(link)).toBe('');
    await ana.context.close();
    await ben.context.close();
  });
});

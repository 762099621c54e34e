import { describe, expect, it } from 'vitest';
import { adminDb, personOf, seedRoom } from './support/admin';
import {
  suiteBrowser,
  messageItem,
  messagePerson,
  newPage,
  signIn,
  POLL,
  roomLink,
  sendMessage,
  withAccount,
  discardedChanges,
  unreadOf,
  signedUpPerson,
} from './support/browser';

const browser = await suiteBrowser();

describe('direct messages', () => {
  it('starts a conversation from a search by name, and the member list opens the same one', async () => {
    const ana = await signedUpPerson(browser, 'Ana');
    const ben = await signedUpPerson(browser, 'Ben');
    // what Ana's Firestore SDK discards as outdated (the emulator's late commits: see below)
    const discarded = await discardedChanges(ana.page);
    // they share a private room, so Ana's first message is no request (strangers: requests.test.ts)
    const club = await seedRoom([await personOf(ana.user), await personOf(ben.user)], 'club', 'private');
    await roomLink(ana.page, `club-${club.slice(-5)}`).waitFor();

    await messagePerson(ana.page, ben.user.name, ben.user.name.slice(0, 6).toLowerCase());
    const dmPath = new URL(ana.page.url()).pathname;
    expect(dmPath).toMatch(/^\/r\/dm_/);
    // Opening the conversation made the room: its link in Ben's list means his listener on it is
    // in place before the first message's summary is written (the emulator can drop a commit that
    // races a listen's start: README, `npm run listen-race`), as in notifications.test.ts
    const link = roomLink(ben.page, ana.user.name);
    await link.waitFor();
    await sendMessage(ana.page, 'just between us');
    // the sender's side first: the message is stored (not "sending…", not "Not sent")
    const mine = messageItem(ana.page, 'just between us');
    await mine.waitFor();
    await expect
      .poll(async () => (await mine.textContent())?.match(/sending…|Not sent.*/)?.[0] ?? 'sent', POLL)
      .toBe('sent');

    // Ben gets the conversation in his sidebar under Ana's name, unread.
    // the badge follows the room summary a Cloud Function writes: give a busy emulator time
    await expect.poll(() => unreadOf(link)).toBe('1 unread');
    await link.getByText('just between us').waitFor();

    // From #general's member list, "Message Ana" opens the very same room.
    await ben.page.getByRole('button', { name: /^Members/ }).click();
    await ben.page.getByRole('button', { name: `Message ${ana.user.name}` }).click();
    await expect.poll(() => new URL(ben.page.url()).pathname).toBe(dmPath);
    await ben.page.getByRole('list', { name: 'Messages' }).getByText('just between us').waitFor();
    // it is on Ben's screen: Ana sees it read, from his read cursor itself (a direct room keeps
    // no receipt summary, so a read costs the cursor's write and no server work)
    const dmId = dmPath.slice('/r/'.length);
    const benUid = (await personOf(ben.user)).uid;
    await mine
      .getByText('Read', { exact: true })
      .waitFor()
      .catch(async (error: Error) => {
        const cursor = (await adminDb().doc(`users/${benUid}/reads/${dmId}`).get()).data();
        const [message] = (
          await adminDb().collection(`rooms/${dmId}/messages`).where('text', '==', 'just between us').get()
        ).docs;
        // An emulator artefact, told apart by the SDK's own account: Ben's cursor is stored at the
        // message, and Ana's SDK received it and discarded it as older than a snapshot it already
        // had (discardedChanges). 3 of 72 runs of this test beside a CPU loop and a second suite
        // failed here, and two CI runs; the one with the SDK's log had discarded his cursor, 66 ms
        // older than the snapshot before it. Production shows commits in their order. Ana's side
        // is then shown from a new listen in a new profile: a reload is no new listen here, as the
        // persistent cache keeps the cursor's absence dated after its creation in IndexedDB and
        // discards it again on resuming (a CI run reloaded and waited 90 s in vain).
        if (message && cursor?.lastReadId === message.id && discarded.includes(`users/${benUid}/reads/${dmId}`)) {
          console.warn(
            `direct.test: the emulator showed Ben's read cursor after a later snapshot; Ana's SDK discarded it`,
          );
          const fresh = await newPage(browser);
          await signIn(fresh.page, ana.user);
          await fresh.page.goto(dmPath);
          await messageItem(fresh.page, 'just between us').getByText('Read', { exact: true }).waitFor();
          await fresh.context.close();
          return;
        }
        // what stood between: Ben's cursor as stored, and whether his page had the message on
        // screen in a focused, visible tab (the conditions of a read)
        const page = await ben.page.evaluate(() => {
          const scroller = document.querySelector('[aria-label="Messages"]')?.parentElement;
          return {
            focused: document.hasFocus(),
            visibility: document.visibilityState,
            belowView: scroller ? scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight : null,
          };
        });
        const receipt = await mine
          .locator('.receipt')
          .textContent()
          .catch(() => null);
        const state = `Ben's cursor ${JSON.stringify(cursor ?? null)}; his page ${JSON.stringify(page)}`;
        throw withAccount(
          error,
          `${state}; Ana's receipt "${receipt}"; Ana's SDK discarded ${JSON.stringify(discarded)}`,
        );
      });
    expect(
      (
        await adminDb()
          .doc(`rooms${dmPath.slice('/r'.length)}/receipts/summary`)
          .get()
      ).exists,
    ).toBe(false);
    await sendMessage(ben.page, 'agreed');
    await ana.page.getByRole('list', { name: 'Messages' }).getByText('agreed').waitFor();
    await ana.context.close();
    await ben.context.close();
  });
});

import { directRoomId } from '@chat/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminDb, seedRoom, signedInPerson } from './support/admin';
import {
  POLL,
  suiteBrowser,
  messageItem,
  messagePerson,
  openRoom,
  recordNotifications,
  roomLink,
  screenshot,
  sendMessage,
  setHidden,
  shownNotifications,
  unreadInTitle,
  unreadOf,
} from './support/browser';

/** The sidebar section by its heading ("Message requests", "Direct messages"). */
const section = (page: Page, title: string) =>
  page.getByRole('navigation', { name: 'Rooms' }).getByRole('region', { name: new RegExp(`^${title}`) });

const pendingNotice = (page: Page) => page.getByRole('status').filter({ hasText: 'Message request.' });

const browser = await suiteBrowser();

describe('message requests', () => {
  it("a stranger's message waits under Message requests, counted nowhere, until Ben accepts; someone who shares a private room with him lands directly", async () => {
    const [ana, ben, cy] = await Promise.all([
      signedInPerson(browser, 'Ana', '/rooms'),
      signedInPerson(browser, 'Ben', '/rooms'),
      signedInPerson(browser, 'Cy', '/rooms'),
    ]);
    // Ben reads elsewhere with notifications on, his tab hidden; Cy and he share a private room
    await ben.context.addInitScript(recordNotifications);
    const own = await seedRoom([ben.person], 'reading');
    const club = await seedRoom([cy.person, ben.person], 'club', 'private');
    await openRoom(ben.page, own);
    await ben.page.getByRole('button', { name: 'Enable desktop notifications' }).click();
    await expect.poll(() => ben.page.getByRole('button', { name: 'Enable desktop notifications' }).count()).toBe(0);
    await setHidden(ben.page, true);

    // Ana shares no private room with Ben: her message is a request, and she is told so
    await messagePerson(ana.page, ben.person.name);
    // the room, made as Ana opened it, in Ben's list first: his listener on it is then in place
    // before her message's summary is written (the emulator's listen race: README, `npm run listen-race`)
    const request = section(ben.page, 'Message requests').getByRole('link', { name: new RegExp(`^${ana.person.name}`) });
    await request.waitFor(POLL);
    await sendMessage(ana.page, 'hello from a stranger');
    await pendingNotice(ana.page).getByText(`${ben.person.name} sees your messages as a request until they accept.`).waitFor();
    await request.getByText('hello from a stranger').waitFor(POLL);
    await section(ben.page, 'Message requests').getByText('1 waiting').waitFor();

    // Cy's direct message, after Ana's, lands among Ben's conversations: unread, in the title, notified
    await roomLink(cy.page, `club-${club.slice(-5)}`).waitFor(POLL);
    await messagePerson(cy.page, ben.person.name);
    // (its link first, as above)
    const fromCy = section(ben.page, 'Direct messages').getByRole('link', { name: new RegExp(`^${cy.person.name}`) });
    await fromCy.waitFor(POLL);
    await sendMessage(cy.page, 'hi from the club');
    await fromCy.getByText('hi from the club').waitFor(POLL);
    await expect.poll(() => unreadOf(fromCy), POLL).toBe('1 unread');
    await expect.poll(() => shownNotifications(ben.page), POLL).toEqual([{ title: cy.person.name, body: 'hi from the club' }]);
    // ...and Ana's request, which came first, counts nowhere
    expect(await unreadInTitle(ben.page)).toBe(1);
    expect(await unreadOf(request)).toBe('');
    expect(await section(ben.page, 'Direct messages').getByRole('link', { name: new RegExp(`^${ana.person.name}`) }).count()).toBe(0);
    expect(await pendingNotice(cy.page).count()).toBe(0);
    await screenshot(ben.page, 'requests-sidebar');

    // Ben opens the request: the message, and Accept or Block in place of the composer
    await setHidden(ben.page, false);
    await request.click();
    await ben.page.getByRole('heading', { name: ana.person.name, exact: true }).waitFor();
    await messageItem(ben.page, 'hello from a stranger').waitFor();
    const bar = ben.page.getByRole('region', { name: new RegExp(`^${ana.person.name} wants to send you messages\\.`) });
    await bar.waitFor();
    await bar.getByRole('button', { name: 'Block' }).waitFor();
    expect(await ben.page.getByRole('textbox', { name: /^Message / }).count()).toBe(0);
    await screenshot(ben.page, 'requests-open');

    // reading it tells Ana nothing: Ben then reads Cy's message, whose read cursor (what receipts
    // come from) is written, while the request he read first has none
    const cursor = (roomId: string) => adminDb().doc(`users/${ben.person.uid}/reads/${roomId}`);
    await fromCy.click();
    await messageItem(ben.page, 'hi from the club').waitFor();
    await expect.poll(async () => (await cursor(directRoomId(ben.person.uid, cy.person.uid)).get()).exists, POLL).toBe(true);
    expect((await cursor(directRoomId(ben.person.uid, ana.person.uid)).get()).exists).toBe(false);
    await request.click();
    await bar.waitFor();

    // he accepts: the composer comes, the conversation moves to Direct messages, Ana's notice goes
    await bar.getByRole('button', { name: 'Accept' }).click();
    await ben.page.getByRole('textbox', { name: `Message ${ana.person.name}` }).waitFor();
    await section(ben.page, 'Direct messages').getByRole('link', { name: new RegExp(`^${ana.person.name}`) }).waitFor();
    expect(await section(ben.page, 'Message requests').count()).toBe(0);
    await expect.poll(() => pendingNotice(ana.page).count(), POLL).toBe(0);
    await expect.poll(async () => (await cursor(directRoomId(ben.person.uid, ana.person.uid)).get()).exists, POLL).toBe(true);
    await sendMessage(ben.page, 'welcome aboard');
    await messageItem(ana.page, 'welcome aboard').waitFor(POLL);
    await Promise.all([ana.context.close(), ben.context.close(), cy.context.close()]);
  });

  it('Ben blocks a request: it leaves his list, and the sender is told in words that her message was not delivered', async () => {
    const [dee, ben] = await Promise.all([signedInPerson(browser, 'Dee', '/rooms'), signedInPerson(browser, 'Ben', '/rooms')]);
    await messagePerson(dee.page, ben.person.name);
    // (the room in Ben's list before the message, as above)
    const request = section(ben.page, 'Message requests').getByRole('link', { name: new RegExp(`^${dee.person.name}`) });
    await request.waitFor(POLL);
    await sendMessage(dee.page, 'buy my stuff');
    await request.getByText('buy my stuff').waitFor(POLL);
    await request.click();
    const bar = ben.page.getByRole('region', { name: new RegExp(`^${dee.person.name} wants to send you messages\\.`) });
    await bar.getByRole('button', { name: 'Block' }).click();
    await ben.page.getByRole('dialog', { name: `Block ${dee.person.name}?` }).getByRole('button', { name: `Block ${dee.person.name}` }).click();
    await expect.poll(() => new URL(ben.page.url()).pathname, POLL).toBe('/rooms');
    await expect.poll(() => ben.page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: new RegExp(`^${dee.person.name}`) }).count(), POLL).toBe(0);
    // Ben's screen follows his block at once, from his local write; the rules refuse Dee only once
    // the server has it (the clean-clone run: her next message went out before, and was delivered)
    const blockOnServer = adminDb().doc(`users/${ben.person.uid}/blocks/${dee.person.uid}`);
    await expect.poll(async () => (await blockOnServer.get()).exists, POLL).toBe(true);

    await sendMessage(dee.page, 'are you there?');
    await messageItem(dee.page, 'are you there?')
      .getByText(`This message was not delivered. ${ben.person.name} may not be accepting messages from you.`)
      .waitFor(POLL);
    await Promise.all([dee.context.close(), ben.context.close()]);
  });
});

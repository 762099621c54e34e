import { describe, expect, it } from 'vitest';
import { personOf, roomSettled, seedRoom, signedInPerson } from './support/admin';
import { uniqueId } from '../support/env';
import {
  suiteBrowser,
  messageItem,
  messagePerson,
  newPage,
  newUser,
  openRoom,
  recordNotifications,
  roomLink,
  sendMessage,
  setHidden,
  signUp,
} from './support/browser';

const browser = await suiteBrowser();

describe('notifications', () => {
  it("puts the unread total in the hidden tab's title and notifies for direct messages per the room setting", async () => {
    const ana = await newPage(browser);
    const ben = await newPage(browser);
    await ben.context.addInitScript(recordNotifications);
    const anaUser = newUser('Ana');
    const benUser = newUser('Ben');
    await signUp(ana.page, anaUser);
    await signUp(ben.page, benUser);
    const unreadInTitle = async () => Number(/^\((\d+)\) Firechat$/.exec(await ben.page.title())?.[1] ?? 0);
    const shown = () =>
      ben.page.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications);

    // Permission is asked only from a click.
    await ben.page.getByRole('button', { name: 'Enable desktop notifications' }).click();
    await expect
      .poll(() => ben.page.getByRole('button', { name: 'Enable desktop notifications' }).count())
      .toBe(0);

    // they share a private room, so Ana's first message is no request (strangers: requests.test.ts)
    const club = await seedRoom([await personOf(anaUser), await personOf(benUser)], 'club', 'private');
    await roomLink(ana.page, `club-${club.slice(-5)}`).waitFor();
    await messagePerson(ana.page, benUser.name);
    // Opening the conversation made the room: its link in Ben's list means his listener on it is
    // in place before the message's summary is written (the emulator can drop a commit that races
    // a listen's start: README, `npm run listen-race`; the summary of a quiet room's first message
    // is written at once, as the room appears in his list)
    await roomLink(ben.page, anaUser.name).waitFor();
    await sendMessage(ana.page, 'first, while you look');
    await roomLink(ben.page, anaUser.name).getByText('first, while you look').waitFor();
    await expect.poll(() => ben.page.title()).toBe('Firechat');

    // Other suites talk in #general at the same time, so the total is compared, not fixed.
    await setHidden(ben.page, true);
    await expect.poll(() => unreadInTitle()).toBeGreaterThanOrEqual(1);
    const before = await unreadInTitle();
    await sendMessage(ana.page, 'psst');
    await expect.poll(() => unreadInTitle()).toBeGreaterThan(before);
    await expect.poll(shown).toEqual([{ title: anaUser.name, body: 'psst' }]);

    // Ben turns this conversation's notifications off: the title still counts, no notification.
    await setHidden(ben.page, false);
    await expect.poll(() => ben.page.title()).toBe('Firechat');
    await roomLink(ben.page, anaUser.name).click();
    await ben.page.getByRole('heading', { name: anaUser.name, exact: true }).waitFor();
    await ben.page.getByLabel('Notifications for this room').selectOption('none');
    await ben.page.getByRole('link', { name: /^# general/ }).click();
    await ben.page.getByRole('heading', { name: '# general' }).waitFor();
    await setHidden(ben.page, true);
    await sendMessage(ana.page, 'quietly');
    await roomLink(ben.page, anaUser.name).getByText('quietly').waitFor();
    await expect.poll(() => unreadInTitle()).toBeGreaterThan(0);
    expect(await shown()).toEqual([{ title: anaUser.name, body: 'psst' }]);
    await ana.context.close();
    await ben.context.close();
  });
  it('in a group room notifies for a mention of you, not for the other messages (the default level)', async () => {
    const [ana, ben] = await Promise.all([signedInPerson(browser, 'Ana'), signedInPerson(browser, 'Ben')]);
    await ben.context.addInitScript(recordNotifications);
    const roomId = await seedRoom([ana.person, ben.person], 'mentions');
    await roomSettled(roomId);
    await Promise.all([openRoom(ana.page, roomId), openRoom(ben.page, roomId)]);
    // Ben's join notice is posted by a function when it runs: let it land before the messages
    await ben.page.getByRole('list', { name: 'Messages' }).getByText(`${ben.person.name} joined the room`).waitFor();
    const shown = () =>
      ben.page.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications);
    await ben.page.getByRole('button', { name: 'Enable desktop notifications' }).click();
    await expect.poll(() => ben.page.getByRole('button', { name: 'Enable desktop notifications' }).count()).toBe(0);
    // the name seedRoom gives; the header shows it once the room has loaded, which the heading waits for
    const title = `mentions-${roomId.slice(-5)}`;
    await ben.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await setHidden(ben.page, true);

    // a message for everyone: Ben's room list has it, and no notification
    await sendMessage(ana.page, 'plain news');
    await roomLink(ben.page, title).getByText('plain news').waitFor();

    // a mention of Ben
    const box = ana.page.getByRole('textbox', { name: /^Message / });
    await box.pressSequentially(`see this @${ben.person.name.slice(0, 2)}`);
    await ana.page.getByRole('option', { name: `@${ben.person.name}` }).waitFor();
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe(`see this @${ben.person.name} `);
    await box.press('Enter');
    await expect
      .poll(shown)
      .toEqual([{ title: `${ana.person.name} in #${title}`, body: `see this @${ben.person.name}` }]);
    await ana.context.close();
    await ben.context.close();
  });

  it('notifies of a reply in a thread of my message, though it is not in the room', async () => {
    const [ana, ben] = await Promise.all([signedInPerson(browser, 'Ana'), signedInPerson(browser, 'Ben')]);
    await ben.context.addInitScript(recordNotifications);
    const roomId = await seedRoom([ana.person, ben.person], 'thread-news');
    await Promise.all([openRoom(ana.page, roomId), openRoom(ben.page, roomId)]);
    const shown = () =>
      ben.page.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications);
    await ben.page.getByRole('button', { name: 'Enable desktop notifications' }).click();
    await expect.poll(() => ben.page.getByRole('button', { name: 'Enable desktop notifications' }).count()).toBe(0);
    // the name seedRoom gives; the header shows it once the room has loaded, which the heading waits for
    const title = `thread-news-${roomId.slice(-5)}`;
    await ben.page.getByRole('heading', { level: 1, name: title }).waitFor();
    const mine = `can someone check the numbers ${uniqueId()}`;
    await sendMessage(ben.page, mine);
    await setHidden(ben.page, true);

    // Ana answers Ben's message in its thread: the room's list does not move, Ben is told all the same
    const thread = ana.page.getByRole('complementary', { name: /^Thread in / });
    const replyBox = thread.getByRole('textbox', { name: 'Reply…' });
    await messageItem(ana.page, mine).getByRole('button', { name: 'Reply in thread' }).focus();
    await ana.page.keyboard.press('Enter');
    await replyBox.fill('checked, they add up');
    await replyBox.press('Enter');
    const heading = `${ana.person.name} in a thread of #${title}`;
    await expect.poll(shown).toEqual([{ title: heading, body: 'checked, they add up' }]);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

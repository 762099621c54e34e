import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { peopleInRoom } from './support/admin';
import { BROWSER_WAIT_MS, messageItem, sendMessage, suiteBrowser } from './support/browser';
import type { Page } from 'playwright-core';

const browser = await suiteBrowser();
/**
 * The count under a first message is the trigger's (onMessageWritten, coalesced): the emulator runs
 * the whole suite's trigger events one at a time, so on a busy run it can come well after the reply.
 */
const TRIGGERED = { timeout: 2 * BROWSER_WAIT_MS };
/** Each test waits for the trigger up to twice. */
const TEST_MS = 180_000;

const panel = (page: Page) => page.getByRole('complementary', { name: /^Thread in / });
const replyBox = (page: Page) => panel(page).getByRole('textbox', { name: 'Reply…' });
const replyItem = (page: Page, text: string) =>
  panel(page).getByRole('list', { name: 'Replies' }).getByRole('listitem').filter({ hasText: text });

/** Opens the thread of the message holding `text` with its "Reply in thread" action, from the keyboard. */
async function startThread(page: Page, text: string) {
  await messageItem(page, text).getByRole('button', { name: 'Reply in thread' }).focus();
  await page.keyboard.press('Enter');
  await replyBox(page).waitFor();
}

describe('threads', () => {
  it(
    'replies in a thread beside the room: its own typing and replies, the count on the first message, found by search',
    async () => {
      const {
        people: [ana, ben],
      } = await peopleInRoom(browser, ['Ana', 'Ben'], 'threads');
      const first = `shall we ship friday ${uniqueId()}`;
      await sendMessage(ana.page, first);
      await messageItem(ben.page, first).waitFor();

      // Ana opens the thread first, so she sees Ben typing in it
      await startThread(ana.page, first);
      await startThread(ben.page, first);
      expect(await panel(ben.page).getByRole('article').first().textContent()).toContain(first);
      await replyBox(ben.page).pressSequentially('yes if the');
      await panel(ana.page).getByText(`${ben.user.name} is typing`).waitFor();
      // the room's own typing line says nothing of it: Ben types in the thread
      expect(await ana.page.locator('.conversation-pane > .typing').textContent()).toBe('');

      const reply = `yes if the build is green ${uniqueId()}`;
      await replyBox(ben.page).fill(reply);
      await replyBox(ben.page).press('Enter');
      await replyItem(ana.page, reply).waitFor();
      // the room's history shows the count under the first message, not the reply itself
      const summary = messageItem(ana.page, first).getByRole('button', { name: /^1 reply/ });
      await summary.waitFor(TRIGGERED);
      expect(await messageItem(ana.page, reply).count()).toBe(0);

      // search finds the reply, and opens it in its thread
      await panel(ana.page).getByRole('button', { name: 'Close thread' }).click();
      await panel(ana.page).waitFor({ state: 'detached' });
      await ana.page.getByRole('button', { name: 'Search messages' }).click();
      await ana.page.getByRole('searchbox', { name: 'Search messages' }).fill(reply.split(' ').at(-1)!);
      await ana.page.getByRole('button', { name: 'Search', exact: true }).click();
      const found = ana.page
        .getByRole('region', { name: 'Search results' })
        .getByRole('button', { name: /in a thread/ });
      await found.click();
      await replyItem(ana.page, reply).waitFor();

      await Promise.all([ana.context.close(), ben.context.close()]);
    },
    TEST_MS,
  );

  it(
    'sends a reply to the room too when asked, and closes the thread with Back or Escape',
    async () => {
      const {
        people: [ana, ben],
      } = await peopleInRoom(browser, ['Ana', 'Ben'], 'thread-room');
      const first = `the release is at five ${uniqueId()}`;
      await sendMessage(ana.page, first);
      await messageItem(ben.page, first).waitFor();
      await startThread(ana.page, first);
      await startThread(ben.page, first);

      // a reply also sent to the room shows in both places, marked as a thread reply in the room
      const loud = `build is green now ${uniqueId()}`;
      await panel(ben.page)
        .getByLabel(/Also send to /)
        .check();
      await replyBox(ben.page).fill(loud);
      await replyBox(ben.page).press('Enter');
      await replyItem(ana.page, loud).waitFor();
      const inRoom = messageItem(ana.page, loud);
      await inRoom.waitFor();
      await inRoom.getByRole('button', { name: 'Replied in a thread' }).waitFor();
      await messageItem(ana.page, first)
        .getByRole('button', { name: /^1 reply/ })
        .waitFor(TRIGGERED);
      // the box is unticked after the send: the next reply stays in the thread
      expect(
        await panel(ben.page)
          .getByLabel(/Also send to /)
          .isChecked(),
      ).toBe(false);

      // Back closes the thread (it is in the address), Escape too
      expect(new URL(ana.page.url()).searchParams.get('thread')).not.toBeNull();
      await ana.page.goBack();
      await panel(ana.page).waitFor({ state: 'detached' });
      await replyBox(ben.page).press('Escape');
      await panel(ben.page).waitFor({ state: 'detached' });
      await Promise.all([ana.context.close(), ben.context.close()]);
    },
    TEST_MS,
  );

  it(
    'marks a thread with replies I have not seen, until I open it',
    async () => {
      const {
        people: [ana, ben],
      } = await peopleInRoom(browser, ['Ana', 'Ben'], 'thread-unread');
      const first = `who reviews the release notes ${uniqueId()}`;
      await sendMessage(ana.page, first);
      await messageItem(ben.page, first).waitFor();
      await startThread(ben.page, first);
      const reply = `I can take them ${uniqueId()}`;
      await replyBox(ben.page).fill(reply);
      await replyBox(ben.page).press('Enter');

      // a reply to Ana's message she has not read: marked new
      const fresh = messageItem(ana.page, first).getByRole('button', { name: /^1 reply New last reply/ });
      await fresh.waitFor(TRIGGERED);
      await fresh.click();
      await replyItem(ana.page, reply).waitFor();
      // read now: the mark goes, and stays gone after closing the thread
      await messageItem(ana.page, first)
        .getByRole('button', { name: /^1 reply last reply/ })
        .waitFor(TRIGGERED);
      await panel(ana.page).getByRole('button', { name: 'Close thread' }).click();
      await panel(ana.page).waitFor({ state: 'detached' });
      await messageItem(ana.page, first)
        .getByRole('button', { name: /^1 reply last reply/ })
        .waitFor();

      // another reply while Ana is away from the thread: new again
      const more = `done, see the doc ${uniqueId()}`;
      await replyBox(ben.page).fill(more);
      await replyBox(ben.page).press('Enter');
      await messageItem(ana.page, first)
        .getByRole('button', { name: /^2 replies New last reply/ })
        .waitFor(TRIGGERED);
      await Promise.all([ana.context.close(), ben.context.close()]);
    },
    TEST_MS,
  );
});

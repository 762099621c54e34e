import { SYSTEM_AUTHOR_ID, textMessage } from '@chat/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminDb, seedMessages, peopleInRoom } from './support/admin';
import { suiteBrowser, messageItem, openRoom, POLL, screenshot, sendMessage } from './support/browser';

const browser = await suiteBrowser();

describe('messages', () => {
  it('holds new arrivals behind "N new messages" while the reader is scrolled up, groups by author and announces them', async () => {
    const {
      people: [ana, ben],
      roomId,
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'live', { open: false });
    await seedMessages(roomId, ana.person, 40, (i) => `earlier ${i}`, 30);
    await Promise.all([openRoom(ana.page, roomId), openRoom(ben.page, roomId)]);
    await ana.page.getByText('earlier 39', { exact: true }).waitFor();

    // Ana reads further up; what she sees must stay put while Ben writes. Her scroll's event is
    // held back (as on a busy page, where it comes a frame or more later than the next snapshot):
    // the list must go by where she is, not by the last event it handled.
    const scroller = ana.page.locator('[aria-label="Message history"]');
    await scroller.evaluate((el) => {
      el.addEventListener('scroll', (event) => event.stopImmediatePropagation(), { capture: true, once: true });
      el.scrollTop = el.scrollHeight / 3;
    });
    const firstVisible = () =>
      scroller.evaluate((el) => {
        const top = el.getBoundingClientRect().top;
        const node = [...el.querySelectorAll<HTMLElement>('[data-message-id]')].find(
          (n) => n.getBoundingClientRect().bottom > top,
        )!;
        return { id: node.dataset.messageId!, y: Math.round(node.getBoundingClientRect().top) };
      });
    const before = await firstVisible();

    // a notice the server posts meanwhile (a join) is not one of the new messages
    const notice = `Cy joined the room ${uniqueId()}`;
    await adminDb()
      .doc(`rooms/${roomId}/messages/sys_${uniqueId()}`)
      .set({
        ...textMessage({ authorId: SYSTEM_AUTHOR_ID, authorName: 'Firechat', text: notice, createdAt: FieldValue.serverTimestamp() }),
        kind: 'system',
        words: [],
      });
    await ana.page.getByRole('list', { name: 'Messages' }).getByText(notice).waitFor();

    const one = `first from ben ${uniqueId()}`;
    const two = `second from ben ${uniqueId()}`;
    await sendMessage(ben.page, one);
    await sendMessage(ben.page, two);
    const control = ana.page.getByRole('button', { name: '2 new messages' });
    await control.waitFor();
    expect(await firstVisible()).toEqual(before);
    // screen readers hear the newest arrival through the polite live region
    await expect
      .poll(() => ana.page.getByRole('log', { name: 'New message announcements' }).textContent(), POLL)
      .toContain(two);

    await control.click();
    await expect.poll(() => messageItem(ana.page, two).isVisible(), POLL).toBe(true);
    await expect.poll(() => control.isVisible(), POLL).toBe(false);

    // consecutive messages of one author show the name once; a new author starts a new group
    const heads = ana.page.getByRole('list', { name: 'Messages' }).locator('article header strong');
    const names = await heads.allTextContents();
    expect(names.at(-1)).toBe(ben.user.name);
    expect(names.filter((n) => n === ben.user.name)).toHaveLength(1);
    expect(await messageItem(ana.page, two).locator('header').count()).toBe(0);
    expect(await ana.page.getByRole('separator', { name: 'Today' }).count()).toBe(1);
    await screenshot(ana.page, 'conversation-1280x800');
    await ana.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(ana.page, 'conversation-390x844');
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

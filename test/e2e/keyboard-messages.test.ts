import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { roomSettled, seedMessages, seedRoom, signedInPerson } from './support/admin';
import { suiteBrowser, messageItem, openRoom, screenshot } from './support/browser';

/** What has the focus: the message it is in ("keyboard line 6" or null) and whether it is that message's article. */
function focus(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const item = el?.closest('ol[aria-label="Messages"] > li');
    const line = item?.textContent?.match(/keyboard line \d+/)?.[0] ?? null;
    const name = el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
    return { line, onMessage: el?.tagName === 'ARTICLE', name };
  });
}

/** Whether the focused element lies wholly inside the visible part of the history. */
function focusInView(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement!;
    const view = el.closest('[aria-label="Message history"]')!.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
  });
}

/** Presses `key` until `done` holds, at most `max` times; returns every stop on the way. */
async function pressUntil(
  page: Page,
  key: string,
  max: number,
  done: (f: Awaited<ReturnType<typeof focus>>) => boolean,
) {
  const stops: Awaited<ReturnType<typeof focus>>[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focus(page);
    stops.push(f);
    if (done(f)) break;
  }
  return stops;
}

const browser = await suiteBrowser();

describe('keyboard navigation of the message history', () => {
  it('is one Tab stop, moves by arrow keys, offers only the focused message’s actions, and replies from the keyboard', async () => {
    const ana = await signedInPerson(browser, 'Ana');
    const ben = { uid: 'ben-' + ana.person.uid.slice(0, 6), name: 'Ben Seeded' };
    // Ana owns the room, so every message offers her React, Reply and Delete
    const roomId = await seedRoom([ana.person, ben], 'keys');
    await seedMessages(roomId, ben, 10, (i) => `keyboard line ${i}`, 5);
    await roomSettled(roomId);

    const { page } = ana;
    // a short window, so that the ten messages do not all fit and moving has to scroll
    await page.setViewportSize({ width: 1280, height: 400 });
    await openRoom(page, roomId);
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByText('keyboard line 9', { exact: true }).waitFor();
    // Ben's join, posted by a function when it runs, is the newest message
    await list.getByText('Ben Seeded joined the room').waitFor();
    const composer = page.getByRole('textbox', { name: /^Message #/ });

    // Backwards from the composer the history is reached at once, on its newest message, not
    // after every action of every message (ten messages would be thirty stops)
    await composer.focus();
    const back = await pressUntil(page, 'Shift+Tab', 6, (f) => f.onMessage);
    expect(back.at(-1)).toMatchObject({ line: null, onMessage: true });
    expect(back.at(-1)!.name).toMatch(/Ben Seeded joined the room/);

    // Arrow keys, Home and End move between messages
    await page.keyboard.press('ArrowUp');
    expect(await focus(page)).toMatchObject({ line: 'keyboard line 9', onMessage: true });
    // a message is announced by its author and text
    expect((await focus(page)).name).toMatch(/^Ben Seeded.*keyboard line 9/);
    await page.keyboard.press('ArrowUp');
    expect(await focus(page)).toMatchObject({ line: 'keyboard line 8', onMessage: true });
    // the oldest message starts above the visible part of the history
    const oldest = list.getByRole('article', { name: /keyboard line 0$/ });
    const above = (el: Element) =>
      el.getBoundingClientRect().top < el.closest('[aria-label="Message history"]')!.getBoundingClientRect().top;
    expect(await oldest.evaluate(above)).toBe(true);
    await page.keyboard.press('Home');
    expect(await focus(page)).toMatchObject({ line: 'keyboard line 0', onMessage: true });
    expect(await focusInView(page)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focus(page)).toMatchObject({ line: 'keyboard line 2', onMessage: true });
    await page.keyboard.press('End');
    expect(await focus(page)).toMatchObject({ line: null, onMessage: true });
    expect(await focusInView(page)).toBe(true);
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
    expect(await focus(page)).toMatchObject({ line: 'keyboard line 6', onMessage: true });
    await screenshot(page, 'keyboard-message-focused');

    // Only the focused message's actions are Tab stops; the others' stay out of the order
    const other = messageItem(page, 'keyboard line 3').getByRole('button', { name: 'Reply', exact: true });
    expect(await other.getAttribute('tabindex')).toBe('-1');
    const forward = await pressUntil(page, 'Tab', 6, (f) => f.name === 'Reply');
    expect(forward.at(-1)).toMatchObject({ line: 'keyboard line 6', name: 'Reply' });
    expect(forward.every((f) => f.line === 'keyboard line 6')).toBe(true);

    // Escape from an action goes back to its message; Tab leaves the history after that message's actions
    await page.keyboard.press('Escape');
    expect(await focus(page)).toMatchObject({ line: 'keyboard line 6', onMessage: true });
    const out = await pressUntil(page, 'Tab', 8, (f) => f.line === null);
    expect(out.slice(0, -1).every((f) => f.line === 'keyboard line 6')).toBe(true);

    // Coming back, the history remembers the message last focused
    await composer.focus();
    const again = await pressUntil(page, 'Shift+Tab', 6, (f) => f.onMessage);
    expect(again.at(-1)).toMatchObject({ line: 'keyboard line 6', onMessage: true });

    // Reply from the keyboard: the composer takes the focus and shows what is answered
    await pressUntil(page, 'Tab', 6, (f) => f.name === 'Reply');
    await page.keyboard.press('Enter');
    await page.getByText('Replying to Ben Seeded: keyboard line 6').waitFor();
    expect(await composer.evaluate((el) => el === document.activeElement)).toBe(true);
    await ana.context.close();
  });
});

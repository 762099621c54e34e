/**
 * The emoji picker between two people: any emoji as a reaction, found by search, with a skin
 * tone, the ones you use coming back first; in the composer, `:shortcode` suggestions, a typed-out
 * `:+1:` turning into its emoji, and the picker inserting at the caret. The picker's data comes
 * from our own origin, and nothing of it breaks the Content-Security-Policy.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { peopleInRoom } from './support/admin';
import { cspViolations, suiteBrowser, messageItem, POLL, screenshot, sendMessage } from './support/browser';

/** The picker's search box, once its data has loaded (the search shows no results before). */
async function search(page: Page, dialogName: string, term: string) {
  const dialog = page.getByRole('dialog', { name: dialogName });
  const box = dialog.getByRole('combobox', { name: 'Search' });
  await box.fill(term);
  return dialog.getByRole('listbox', { name: 'Search results' });
}

const browser = await suiteBrowser();

describe('emoji', () => {
  it('reacts with any emoji from the picker, with skin tones and recent ones first, and completes :shortcodes in the composer', async () => {
    const {
      people: [ana, ben],
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'emoji');
    const violations = [ana.page, ben.page].map(cspViolations);
    const requests: string[] = [];
    ben.page.on('request', (r) => requests.push(r.url()));
    const text = `pick an emoji ${uniqueId()}`;
    await sendMessage(ana.page, text);

    // Ben: React → More reactions → search "taco"; the picker is a chunk fetched only now
    const onBen = messageItem(ben.page, text);
    await onBen.waitFor();
    expect(requests.some((u) => /EmojiDialog/.test(u))).toBe(false);
    // the action bar shows for the message under the pointer
    await onBen.hover();
    await onBen.getByRole('button', { name: 'Add reaction' }).click();
    await onBen.getByRole('button', { name: 'More reactions' }).click();
    const taco = (await search(ben.page, 'Add a reaction', 'taco')).getByRole('option', { name: /^🌮, taco/ });
    await taco.click();
    await expect.poll(() => ben.page.getByRole('dialog', { name: 'Add a reaction' }).count(), POLL).toBe(0);
    const onAna = messageItem(ana.page, text);
    await onAna.getByRole('button', { name: new RegExp(`^🌮 1: ${ben.user.name}$`) }).waitFor();
    // the data came from our own origin
    const data = requests.filter((u) => u.endsWith('.json') && u.includes('/assets/'));
    expect(data.length).toBeGreaterThan(0);
    for (const u of data) expect(new URL(u).origin).toBe(new URL(ben.page.url()).origin);

    // a skin tone, kept for next time: a medium thumbs up
    // the action bar shows for the message under the pointer
    await onBen.hover();
    await onBen.getByRole('button', { name: 'Add reaction' }).click();
    await onBen.getByRole('button', { name: 'More reactions' }).click();
    const dialog = ben.page.getByRole('dialog', { name: 'Add a reaction' });
    // used once, taco now leads the picker's frequently used row
    await expect
      .poll(
        () => dialog.getByRole('menu', { name: 'Favorites' }).getByRole('menuitem').first().getAttribute('aria-label'),
        POLL,
      )
      .toMatch(/^🌮/);
    await dialog.getByRole('button', { name: /Choose a skin tone/ }).click();
    await dialog.getByRole('option', { name: 'Medium', exact: true }).click();
    await (await search(ben.page, 'Add a reaction', 'thumbs up')).getByRole('option', { name: /^👍🏽/ }).click();
    await onAna.getByRole('button', { name: new RegExp(`^👍🏽 1: ${ben.user.name}$`) }).waitFor();
    await screenshot(ana.page, 'emoji-reactions');

    // Ana's composer: ":tac" suggests, Enter picks; ":+1:" typed out becomes 👍; the button inserts at the caret
    const box = ana.page.getByRole('textbox', { name: /^Message #/ });
    const tag = uniqueId('emo');
    await box.click();
    await box.pressSequentially(`${tag} lunch :tac`);
    const suggestion = ana.page
      .getByRole('listbox', { name: 'Emoji suggestions' })
      .getByRole('option', { name: /:taco:/ });
    await suggestion.waitFor();
    expect(await box.getAttribute('aria-activedescendant')).toBe('emoji-suggestions-0');
    await box.press('Enter');
    await expect.poll(() => box.inputValue(), POLL).toBe(`${tag} lunch 🌮 `);
    await box.pressSequentially('yes :+1:');
    await expect.poll(() => box.inputValue(), POLL).toBe(`${tag} lunch 🌮 yes 👍`);
    await box.press('Home');
    await ana.page.getByRole('button', { name: 'Insert emoji' }).click();
    await (await search(ana.page, 'Insert an emoji', 'rocket')).getByRole('option', { name: /^🚀, rocket/ }).click();
    await expect.poll(() => box.inputValue(), POLL).toBe(`🚀${tag} lunch 🌮 yes 👍`);
    await box.press('Enter');
    await messageItem(ben.page, tag).getByText(`🚀${tag} lunch 🌮 yes 👍`).waitFor();
    // the picker, its data and its styles live within the CSP
    expect(violations.flat()).toEqual([]);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

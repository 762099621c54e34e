import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { seedMessages, seedRoom, signedInPerson } from './support/admin';
import { launchBrowser, messageItem, openRoom, POLL } from './support/browser';

describe('search', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds messages containing every word searched and shows an old one in the conversation', async () => {
    const ana = await signedInPerson(browser, 'Ana');
    const anaP = ana.person;
    const ben = { uid: `ben${uniqueId()}`, name: 'Ben Seeded' };
    const roomId = await seedRoom([anaP, ben], 'search');
    const word = `zebra${uniqueId()}`.toLowerCase();
    // the match is far back in history, beyond the first page; a decoy has only one of the words
    await seedMessages(
      roomId,
      ben,
      90,
      (i) => (i === 3 ? `Striped ${word} crossing` : i === 60 ? `a ${word} alone` : `filler ${i}`),
      10,
    );
    await openRoom(ana.page, roomId);
    await ana.page.getByText('filler 89', { exact: true }).waitFor();

    await ana.page.getByRole('button', { name: 'Search messages' }).click();
    await ana.page.getByRole('searchbox', { name: 'Search in this room' }).fill(`${word.toUpperCase()} crossing`);
    await ana.page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = ana.page.getByRole('list', { name: 'Search results' });
    await results.waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);
    await results.getByRole('button', { name: /crossing/ }).click();

    const found = messageItem(ana.page, `Striped ${word} crossing`);
    await expect.poll(() => found.isVisible(), POLL).toBe(true);
    await expect.poll(() => found.getAttribute('class'), POLL).toContain('highlighted');

    await ana.page.getByRole('searchbox', { name: 'Search in this room' }).fill('nothing-like-this-anywhere');
    await ana.page.getByRole('button', { name: 'Search', exact: true }).click();
    await ana.page.getByText('No messages found.').waitFor();
    await ana.context.close();
  });
});

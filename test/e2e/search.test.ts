import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminDb, seedMessages, seedRoom, signedInPerson } from './support/admin';
import { suiteBrowser, messageItem, openRoom, POLL, roomLink, screenshot } from './support/browser';

const browser = await suiteBrowser();

describe('search', () => {
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
      60,
      (i) => (i === 3 ? `Striped ${word} crossing` : i === 40 ? `a ${word} alone` : `filler ${i}`),
      10,
    );
    await openRoom(ana.page, roomId);
    await ana.page.getByText('filler 59', { exact: true }).waitFor();

    await ana.page.getByRole('button', { name: 'Search messages' }).click();
    await ana.page.getByRole('combobox', { name: 'Where' }).selectOption({ label: 'This room' });
    await ana.page.getByRole('searchbox', { name: 'Search messages' }).fill(`${word.toUpperCase()} crossing`);
    await ana.page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = ana.page.getByRole('region', { name: 'Search results' });
    await results.waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);
    await results.getByRole('button', { name: /crossing/ }).click();

    const found = messageItem(ana.page, `Striped ${word} crossing`);
    await expect.poll(() => found.isVisible(), POLL).toBe(true);
    await expect.poll(() => found.getAttribute('class'), POLL).toContain('highlighted');

    await ana.page.getByRole('searchbox', { name: 'Search messages' }).fill('nothing-like-this-anywhere');
    await ana.page.getByRole('button', { name: 'Search', exact: true }).click();
    await ana.page.getByText('No messages found.').waitFor();
    await ana.context.close();
  });

  it('finds words by their start as you type, across my rooms, grouped by room with the words marked, and opens a result in its room', async () => {
    // kept out of #general: the search spans every room of hers, and only these two are
    const ana = await signedInPerson(browser, 'Ana', '/rooms');
    const ben = { uid: `ben${uniqueId()}`, name: 'Ben Seeded' };
    const [first, second] = [await seedRoom([ana.person, ben], 'builds'), await seedRoom([ana.person, ben], 'crew')];
    const nameOf = async (id: string) => (await adminDb().doc(`rooms/${id}`).get()).get('name') as string;
    const [firstName, secondName] = [await nameOf(first), await nameOf(second)];
    const tag = uniqueId().toLowerCase();
    await seedMessages(
      first,
      ben,
      3,
      (i) => [`the build is green ${tag}`, `lunch at noon ${tag}`, `old news ${tag}`][i]!,
      5,
    );
    // 'rebuilding' does not start with 'buil': only 'builder' is found here
    await seedMessages(second, ben, 40, (i) => (i === 0 ? `rebuilding the builder ${tag}` : `chatter ${i}`), 5);
    await openRoom(ana.page, first);
    await roomLink(ana.page, secondName).waitFor();

    await ana.page.getByRole('button', { name: 'Search messages' }).click();
    // typed, never submitted: the search runs as the typing pauses
    await ana.page.getByRole('searchbox', { name: 'Search messages' }).pressSequentially('buil');
    const results = ana.page.getByRole('region', { name: 'Search results' });
    const inFirst = results.getByRole('region', { name: `Results in # ${firstName}` });
    const inSecond = results.getByRole('region', { name: `Results in # ${secondName}` });
    await inFirst.getByRole('listitem').first().waitFor();
    await inSecond.getByRole('listitem').first().waitFor();
    expect(await inFirst.getByRole('listitem').count()).toBe(1);
    expect(await inSecond.getByRole('listitem').count()).toBe(1);
    expect(await inFirst.locator('mark').allTextContents()).toEqual(['build']);
    expect(await inSecond.locator('mark').allTextContents()).toEqual(['builder']);
    await screenshot(ana.page, 'search-across-rooms-1280x800');

    // the filter for one room
    await ana.page.getByRole('combobox', { name: 'Where' }).selectOption({ label: 'This room' });
    await expect.poll(() => inSecond.count(), POLL).toBe(0);
    expect(await inFirst.getByRole('listitem').count()).toBe(1);
    await ana.page.getByRole('combobox', { name: 'Where' }).selectOption({ label: 'All my rooms' });

    // a result in the other room opens that room at the message, far back in its history
    await inSecond.getByRole('button', { name: /rebuilding the builder/ }).click();
    await expect.poll(() => new URL(ana.page.url()).pathname, POLL).toBe(`/r/${second}`);
    const found = messageItem(ana.page, `rebuilding the builder ${tag}`);
    await expect.poll(() => found.isVisible(), POLL).toBe(true);
    await expect.poll(() => found.getAttribute('class'), POLL).toContain('highlighted');
    await ana.context.close();
  });
});

/**
 * Drafts wait where they were written, as in the chats people use every day: words typed in a
 * room (and the message they reply to) are still there after another room was open and after a
 * reload, and the sidebar shows them in place of the room's preview; a thread keeps its own;
 * editing a message leaves the draft to come back; sending empties it for good; signing out
 * forgets them all.
 */
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { seedRoom, signedInPerson } from './support/admin';
import { composer } from './support/files';
import { messageItem, POLL, roomLink, sendMessage, signOut, suiteBrowser } from './support/browser';
import type { Page } from 'playwright-core';

const browser = await suiteBrowser();

const thread = (page: Page) => page.getByRole('complementary', { name: /^Thread in / });
const replyBox = (page: Page) => thread(page).getByRole('textbox', { name: 'Reply…' });
const replyingTo = (page: Page) => page.getByText(/^Replying to /);

/**
 * Uses a message's action from the keyboard (the bar of the room's only message sits where the
 * message itself takes the pointer).
 */
async function act(page: Page, text: string, action: string) {
  await messageItem(page, text).getByRole('button', { name: action, exact: true }).focus();
  await page.keyboard.press('Enter');
}

/** Opens a room from the sidebar (no page load: what stays is the app's, not the browser's). */
async function goTo(page: Page, title: string) {
  await roomLink(page, title).click();
  await page.getByRole('heading', { name: `# ${title}` }).waitFor();
}

describe('drafts', () => {
  it('keeps a draft per room and per thread across rooms and reloads, past an edit, until it is sent', async () => {
    const ana = await signedInPerson(browser, 'Ana');
    const [plantsId, quietId] = await Promise.all([seedRoom([ana.person], 'plants'), seedRoom([ana.person], 'quiet')]);
    const plants = `plants-${plantsId.slice(-5)}`;
    const quiet = `quiet-${quietId.slice(-5)}`;
    const { page } = ana;
    await roomLink(page, quiet).waitFor();
    await goTo(page, plants);
    const first = `water on mondays ${uniqueId()}`;
    await sendMessage(page, first);
    await act(page, first, 'Reply');
    const draft = `and the ferns on ${uniqueId()}`;
    await composer(page).pressSequentially(draft);

    // another room: its own (empty) box; then back, with the words and the reply
    await goTo(page, quiet);
    await expect.poll(() => composer(page).inputValue(), POLL).toBe('');
    expect(await replyingTo(page).count()).toBe(0);
    const other = `a note for quiet ${uniqueId()}`;
    await composer(page).fill(other);
    // the sidebar shows the words left in a room other than the open one, as its preview
    await roomLink(page, plants).getByText(`Draft: ${draft}`).waitFor();
    await goTo(page, plants);
    await expect.poll(() => composer(page).inputValue(), POLL).toBe(draft);
    await replyingTo(page).waitFor();
    await roomLink(page, quiet).getByText(`Draft: ${other}`).waitFor();
    expect(await roomLink(page, plants).getByText('Draft:').count()).toBe(0);

    // past a reload
    await page.reload();
    await expect.poll(() => composer(page).inputValue(), POLL).toBe(draft);
    expect(await replyingTo(page).textContent()).toContain(first);

    // editing a message takes the box for a while; leaving the edit gives the draft back
    await act(page, first, 'Edit');
    await expect.poll(() => composer(page).inputValue(), POLL).toBe(first);
    await composer(page).press('Escape');
    await expect.poll(() => composer(page).inputValue(), POLL).toBe(draft);

    // a thread keeps its own draft, apart from the room's
    await act(page, first, 'Reply in thread');
    await replyBox(page).waitFor();
    expect(await replyBox(page).inputValue()).toBe('');
    const inThread = `thread words ${uniqueId()}`;
    await replyBox(page).fill(inThread);
    await thread(page).getByRole('button', { name: 'Close thread' }).click();
    await thread(page).waitFor({ state: 'detached' });
    expect(await composer(page).inputValue()).toBe(draft);
    await act(page, first, 'Reply in thread');
    await expect.poll(() => replyBox(page).inputValue(), POLL).toBe(inThread);
    await thread(page).getByRole('button', { name: 'Close thread' }).click();

    // sent: the draft is gone, here and after a reload; the other room's stays
    await composer(page).press('Enter');
    await messageItem(page, draft).waitFor();
    await expect.poll(() => composer(page).inputValue(), POLL).toBe('');
    expect(await replyingTo(page).count()).toBe(0);
    await page.reload();
    await composer(page).waitFor();
    await messageItem(page, draft).waitFor();
    expect(await composer(page).inputValue()).toBe('');
    await goTo(page, quiet);
    await expect.poll(() => composer(page).inputValue(), POLL).toBe(other);

    // signing out forgets them: the next person at this browser finds none
    const kept = () => page.evaluate((key) => localStorage.getItem(key), `firechat.drafts.${ana.person.uid}`);
    expect(await kept()).toContain(other);
    await signOut(page);
    await expect.poll(kept, POLL).toBeNull();
    await ana.context.close();
  });
});

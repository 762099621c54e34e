import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminDb, seedRoom, signedInPerson } from './support/admin';
import { messageItem, openRoom, POLL, sendMessage, suiteBrowser } from './support/browser';

declare global {
  interface Window {
    blockedWordSeen?: number;
  }
}

/**
 * A room whose owner chose to check messages before others see them: a blocked word never
 * reaches another member's screen, not even for the moment the screening function takes; the
 * author sees their own words at once, and clean messages arrive once checked.
 */
const browser = await suiteBrowser();

describe('a room that holds messages until screened', () => {
  it("keeps a blocked word off other members' screens from the first moment, and shows the author their words at once", async () => {
    const [ana, ben] = await Promise.all([signedInPerson(browser, 'Ana'), signedInPerson(browser, 'Ben')]);
    const roomId = await seedRoom([ana.person, ben.person], 'held');
    await adminDb()
      .doc(`rooms/${roomId}/config/moderation`)
      .set({ terms: { grapefruit: 'mask' }, reportThreshold: 3, maxLinks: 5, maxMentions: 10 });

    // the owner turns it on in the room's settings
    await openRoom(ana.page, roomId);
    await ana.page.getByRole('button', { name: 'Room settings' }).click();
    const dialog = ana.page.getByRole('dialog', { name: 'Room settings' });
    await dialog.getByLabel('Check messages before others see them').check();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByRole('status').getByText('Saved.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect
      .poll(async () => (await adminDb().doc(`rooms/${roomId}`).get()).get('holdUntilScreened'), POLL)
      .toBe(true);

    // from here on the word must never be anywhere on Ana's page: the list, the room list, the
    // live region
    await ana.page.evaluate(() => {
      window.blockedWordSeen = 0;
      new MutationObserver(() => {
        if (document.body.textContent?.toLowerCase().includes('grapefruit'))
          window.blockedWordSeen = (window.blockedWordSeen ?? 0) + 1;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });

    await openRoom(ben.page, roomId);
    const tag = uniqueId().slice(-6);
    await sendMessage(ben.page, `I like grapefruit juice ${tag}`);
    await sendMessage(ben.page, `lunch at noon ${tag}`);
    // the author sees his own words (never collapsed for him: test/unit/screening.test.ts)
    await messageItem(ben.page, `I like grapefruit juice ${tag}`).waitFor();
    // both wait behind the emulator's one-at-a-time trigger queue, so they are sent together
    const masked = messageItem(ana.page, `juice ${tag}`);
    await expect.poll(async () => (await masked.textContent()) ?? '', POLL).toContain('I like ********** juice');
    await messageItem(ana.page, `lunch at noon ${tag}`).waitFor();
    const stored = await adminDb().collection(`rooms/${roomId}/messages`).where('authorId', '==', ben.person.uid).get();
    expect(stored.docs.map((d) => d.get('screened'))).toEqual([true, true]);
    expect(await ana.page.evaluate(() => window.blockedWordSeen)).toBe(0);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

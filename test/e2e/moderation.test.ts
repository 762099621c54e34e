import { describe, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminDb, seedRoom, signedInPerson } from './support/admin';
import { suiteBrowser, messageItem, openRoom, screenshot, sendMessage } from './support/browser';

/**
 * The moderators' side end to end: the room's blocklist hides a message (screenMessage), the
 * room's owner finds it in the queue at /admin and restores it through the moderateMessage
 * callable, and the room shows it again.
 */
const browser = await suiteBrowser();

describe('moderation queue', () => {
  it("lets a room's owner restore a message the blocklist hid", async () => {
    const [ana, ben] = await Promise.all([signedInPerson(browser, 'Ana'), signedInPerson(browser, 'Ben')]);
    const roomId = await seedRoom([ana.person, ben.person], 'moderated');
    await adminDb()
      .doc(`rooms/${roomId}/config/moderation`)
      .set({ terms: [{ term: 'spam*', severity: 'hide' }], reportThreshold: 3, maxLinks: 5, maxMentions: 10 });
    await openRoom(ben.page, roomId);

    const text = `cheap spammy deals ${uniqueId()}`;
    await sendMessage(ben.page, text);
    await ben.page.getByText('This message is hidden by the moderators.').waitFor();

    await ana.page.goto('/admin');
    const queue = ana.page.getByRole('list', { name: 'Messages waiting for a decision' });
    const item = queue.getByRole('listitem').filter({ hasText: text });
    await item.getByText('matches “spam*”').waitFor();
    await screenshot(ana.page, 'moderation-queue-1280x800');
    await item.getByRole('button', { name: `Restore message from ${ben.person.name}` }).click();
    await ana.page.getByText('Nothing waiting for a decision.').waitFor();

    await messageItem(ben.page, text).waitFor();
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

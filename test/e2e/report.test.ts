import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminDb, createPerson, seedMessages, seedRoom, signedInPerson } from './support/admin';
import { suiteBrowser, messageItem, openRoom, screenshot, sendMessage } from './support/browser';

/**
 * A member reports someone's message from the message's actions (a reason, details, a confirmation),
 * cannot report it twice nor report their own, and the room's owner finds it in the queue at /admin
 * with the reason given.
 */
const browser = await suiteBrowser();

describe('report a message', () => {
  it("reaches the room's admins once, with its reason", async () => {
    // the author never opens a browser: their message is seeded
    const [ana, bob, ben] = await Promise.all([
      signedInPerson(browser, 'Ana', '/rooms'),
      signedInPerson(browser, 'Bob', '/rooms'),
      createPerson('Ben'),
    ]);
    const roomId = await seedRoom([ana.person, bob.person, ben.person], 'reports');
    const text = `buy followers now ${uniqueId()}`;
    const [seeded] = await seedMessages(roomId, ben.person, 1, () => text);
    // Ana's queue listens before Bob reports: the queue item is written by the report's trigger
    // after the report, and a listen that starts while that commit is under way can miss it for
    // good on the emulator (README, `npm run listen-race`)
    await ana.page.goto('/admin');
    await ana.page.getByText('Nothing waiting for a decision.').waitFor();
    await openRoom(bob.page, roomId);

    // own messages offer no report
    const mine = `my own words ${uniqueId()}`;
    await sendMessage(bob.page, mine);
    await messageItem(bob.page, mine).hover();
    expect(await messageItem(bob.page, mine).getByRole('button', { name: 'Report' }).count()).toBe(0);

    const item = messageItem(bob.page, text);
    await item.hover();
    await item.getByRole('button', { name: 'Report' }).click();
    const dialog = bob.page.getByRole('dialog', { name: 'Report message' });
    await dialog.getByText(text).waitFor();
    // a reason is required
    await dialog.getByRole('button', { name: 'Report' }).click();
    await dialog.getByRole('alert').getByText('Choose a reason.').waitFor();
    await dialog.getByRole('radio', { name: 'Spam' }).check();
    await dialog.getByLabel('Details (optional)').fill('Posts the same link everywhere');
    await screenshot(bob.page, 'report-dialog-1280x800');
    await dialog.getByRole('button', { name: 'Report' }).click();
    await dialog.getByText('Thank you. The admins of the room will review the message').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    const stored = await adminDb().doc(`rooms/${roomId}/reports/${bob.person.uid}_${seeded!.id}`).get();
    expect(stored.get('reason')).toBe('Spam: Posts the same link everywhere');

    // a second time, after a reload (nothing remembered by the page), the dialog says so
    await bob.page.reload();
    await item.hover();
    await item.getByRole('button', { name: 'Report' }).click();
    await dialog.getByText('You have already reported this message').waitFor();
    expect(await dialog.getByRole('radio').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    const queued = ana.page
      .getByRole('list', { name: 'Messages waiting for a decision' })
      .getByRole('listitem')
      .filter({ hasText: text });
    await queued.getByText('Spam: Posts the same link everywhere').waitFor();
    await Promise.all([ana.context.close(), bob.context.close()]);
  });
});

import { describe, expect, it } from 'vitest';
import { FieldValue } from 'firebase-admin/firestore';
import { adminDb, blockStored, personOf, seedRoom, signedInPerson } from './support/admin';
import {
  suiteBrowser,
  messageItem,
  messagePerson,
  openRoom,
  POLL,
  roomLink,
  screenshot,
  sendMessage,
  sendMessageCommitted,
  signedUpPerson,
} from './support/browser';

const browser = await suiteBrowser();

describe('blocking', () => {
  it('Ana blocks Ben in their direct room: neither can message, Ben is told in words; she unblocks him from her profile', async () => {
    const ana = await signedUpPerson(browser, 'Ana');
    const ben = await signedUpPerson(browser, 'Ben');
    const cy = await signedUpPerson(browser, 'Cy');

    // Ana and Ben in a direct room; they share a private room, so it is no message request
    const [anaP, benP, cyP] = await Promise.all([ana, ben, cy].map((p) => personOf(p.user)));
    const club = await seedRoom([anaP!, benP!], 'club', 'private');
    await roomLink(ana.page, `club-${club.slice(-5)}`).waitFor();
    await messagePerson(ana.page, ben.user.name, ben.user.name.slice(0, 6).toLowerCase());
    await sendMessageCommitted(ana.page, 'hello ben');
    await roomLink(ben.page, ana.user.name).click();
    await messageItem(ben.page, 'hello ben').waitFor();

    // Ana blocks Ben, after a confirmation that says what it does
    await ana.page.getByRole('button', { name: `Block ${ben.user.name}` }).click();
    const confirm = ana.page.getByRole('dialog', { name: `Block ${ben.user.name}?` });
    await confirm.getByText('will not be able to message you').waitFor();
    await confirm.getByRole('button', { name: `Block ${ben.user.name}` }).click();
    await ana.page.getByText(`You blocked ${ben.user.name}. Unblock to message them.`).waitFor();
    expect(await ana.page.getByRole('textbox', { name: /^Message / }).count()).toBe(0);
    await ana.page.getByRole('button', { name: `Unblock ${ben.user.name}` }).first().waitFor();
    await screenshot(ana.page, 'blocks-blocker-composer');
    // shown from the local write at once; only the stored block refuses Ben's send
    await blockStored(anaP!, benP!);

    // Ben's message is refused, explained in words, and his text stays
    await sendMessage(ben.page, 'are you there?');
    const refused = messageItem(ben.page, 'are you there?');
    await refused.getByText(`This message was not delivered. ${ana.user.name} may not be accepting messages from you.`).waitFor(POLL);
    expect(await refused.textContent()).not.toContain('The server refused');
    await screenshot(ben.page, 'blocks-blocked-refusal');

    // Cy blocks Ben from #general's member list; Ben cannot start a conversation with Cy
    await roomLink(cy.page, 'general').click();
    await cy.page.getByRole('button', { name: /^Members/ }).click();
    await cy.page.getByRole('button', { name: `Manage ${ben.user.name}` }).click();
    await cy.page.getByRole('group', { name: `Manage ${ben.user.name}` }).getByRole('button', { name: 'Block' }).click();
    await cy.page.getByRole('dialog', { name: `Block ${ben.user.name}?` }).getByRole('button', { name: `Block ${ben.user.name}` }).click();
    await cy.page.getByRole('group', { name: `Manage ${ben.user.name}` }).getByRole('button', { name: 'Unblock' }).waitFor();
    await blockStored(cyP!, benP!);
    await ben.page.getByRole('button', { name: 'New message' }).click();
    await ben.page.getByLabel('Find people by name').fill(cy.user.name.slice(0, 5).toLowerCase());
    await ben.page.getByRole('button', { name: `Message ${cy.user.name}` }).click();
    await ben.page
      .getByRole('alert')
      .getByText(`You can\u2019t start a conversation with ${cy.user.name}: they may not be accepting messages from you.`)
      .waitFor(POLL);
    await ben.page.getByRole('button', { name: 'Close' }).click();

    // Ana finds Ben under "Blocked people" in her profile and unblocks him there
    await ana.page.getByRole('button', { name: /your profile/ }).click();
    const profile = ana.page.getByRole('dialog', { name: 'Your profile' });
    await profile.getByRole('list', { name: 'Blocked people' }).getByText(ben.user.name).waitFor();
    await screenshot(ana.page, 'blocks-profile-list');
    await profile.getByRole('button', { name: `Unblock ${ben.user.name}` }).click();
    await profile.getByText('You have not blocked anyone.').waitFor();
    await profile.getByRole('button', { name: 'Close' }).click();
    await ana.page.getByRole('textbox', { name: /^Message / }).waitFor();
    await blockStored(anaP!, benP!, false);

    // Ben's next message is delivered and Ana sees it
    await sendMessage(ben.page, 'back again');
    await expect
      .poll(async () => (await messageItem(ben.page, 'back again').textContent())?.match(/sending…|Not sent/)?.[0] ?? 'sent', POLL)
      .toBe('sent');
    await messageItem(ana.page, 'back again').waitFor();
    await ana.context.close();
    await ben.context.close();
    await cy.context.close();
  });

  it('a mention of someone who blocks you is refused in words, and the text stays to send without it', async () => {
    const [ana, ben] = await Promise.all([signedInPerson(browser, 'Ana'), signedInPerson(browser, 'Ben')]);
    const roomId = await seedRoom([ana.person, ben.person], 'blocked-mention');
    // Ana blocks Ben, as her client's batch would (docs/data-model.md, blocks)
    const db = adminDb();
    await db.doc(`users/${ana.person.uid}/blocks/${ben.person.uid}`).set({ createdAt: FieldValue.serverTimestamp() });
    await db.doc(`blockedBy/${ben.person.uid}`).set({ uids: [ana.person.uid] });
    await openRoom(ben.page, roomId);

    const box = ben.page.getByRole('textbox', { name: /^Message / });
    await box.pressSequentially(`hi @${ana.person.name.slice(0, 2)}`);
    await ben.page.getByRole('option', { name: `@${ana.person.name}` }).waitFor();
    await box.press('Enter');
    await box.pressSequentially('lunch?');
    await box.press('Enter');
    const refused = messageItem(ben.page, 'lunch?');
    await refused
      .getByText('This message was not delivered. Someone you mentioned may not be accepting mentions from you')
      .waitFor(POLL);
    expect(await refused.textContent()).toContain(`@${ana.person.name} lunch?`);

    // without the mention it goes through
    await sendMessage(ben.page, 'lunch, anyone?');
    await expect
      .poll(async () => (await messageItem(ben.page, 'lunch, anyone?').textContent())?.match(/sending…|Not sent/)?.[0] ?? 'sent', POLL)
      .toBe('sent');
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

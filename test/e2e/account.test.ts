import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DELETED_NAME } from '@chat/shared';
import { adminAuth, adminDb, seedMessages, seedRoom, signedInPerson } from './support/admin';
import { seriousViolations } from './support/axe';
import { suiteBrowser, messageItem, openRoom, POLL, screenshot, sendMessageCommitted } from './support/browser';

const browser = await suiteBrowser();

describe('your account', () => {
  it('downloads everything kept about the person as one JSON file: profile, memberships, their messages', async () => {
    const me = await signedInPerson(browser, 'Exporter', '/rooms');
    await me.page.emulateMedia({ colorScheme: 'dark' });
    const roomId = await seedRoom([me.person], 'export');
    const texts = ['first words for the export', 'second words for the export'];
    await seedMessages(roomId, me.person, texts.length, (i) => texts[i]!);

    await me.page.getByRole('button', { name: /your profile/ }).click();
    const dialog = me.page.getByRole('dialog', { name: 'Your profile' });
    await dialog.getByRole('heading', { name: 'Your account' }).waitFor();
    const [download] = await Promise.all([
      me.page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download your data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^firechat-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      exportedAt: string;
      profile: { displayName: string };
      memberships: Array<{ room: string; role: string }>;
      messages: Array<{ room: string; text: string }>;
    };
    expect(Date.parse(data.exportedAt)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(data.profile.displayName).toBe(me.person.name);
    expect(data.memberships).toContainEqual(expect.objectContaining({ room: roomId, role: 'owner' }));
    expect(
      data.messages
        .filter((m) => m.room === roomId)
        .map((m) => m.text)
        .sort(),
    ).toEqual([...texts].sort());
    await dialog.getByText(`Downloaded ${data.messages.length} messages.`).waitFor();
    await screenshot(me.page, 'account-download');
    expect(await seriousViolations(me.page)).toEqual([]);
    await me.context.close();
  });

  it('deletes the account after the typed confirmation: signed out with a notice, no sign-in, messages kept as from the deleted user', async () => {
    const stays = await signedInPerson(browser, 'Stays', '/rooms');
    const leaves = await signedInPerson(browser, 'Leaves', '/rooms');
    const roomId = await seedRoom([stays.person, leaves.person], 'farewell');
    const text = `words that outlive their author ${Date.now()}`;
    await openRoom(leaves.page, roomId);
    await sendMessageCommitted(leaves.page, text);
    await openRoom(stays.page, roomId);
    await expect.poll(() => messageItem(stays.page, text).textContent(), POLL).toContain(leaves.person.name);

    await leaves.page.getByRole('button', { name: /your profile/ }).click();
    const dialog = leaves.page.getByRole('dialog', { name: 'Your profile' });
    await dialog.getByRole('button', { name: 'Delete account…' }).click();
    const confirm = dialog.getByRole('form', { name: 'Delete your account' });
    await confirm.getByText(`shown as from “${DELETED_NAME}”`).waitFor();
    const final = confirm.getByRole('button', { name: 'Delete my account' });
    expect(await final.isDisabled()).toBe(true);
    await confirm.getByLabel('Type DELETE to confirm').fill('DELET');
    expect(await final.isDisabled()).toBe(true);
    await confirm.getByLabel('Type DELETE to confirm').fill('DELETE');
    expect(await final.isEnabled()).toBe(true);
    await screenshot(leaves.page, 'account-delete-confirm');
    expect(await seriousViolations(leaves.page)).toEqual([]);
    await final.click();

    await leaves.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await leaves.page.getByRole('status').getByText('Your account was deleted.').waitFor();
    await screenshot(leaves.page, 'account-deleted-signin');
    expect(await seriousViolations(leaves.page)).toEqual([]);

    // the same e-mail and password no longer sign in, and the form says so in words
    await leaves.page.getByLabel('E-mail').fill(leaves.user.email);
    await leaves.page.getByLabel('Password').fill(leaves.user.password);
    await leaves.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => leaves.page.getByRole('alert').textContent(), POLL).toBe('E-mail or password is wrong.');

    expect((await adminDb().doc(`users/${leaves.person.uid}`).get()).exists).toBe(false);
    await expect(adminAuth().getUser(leaves.person.uid)).rejects.toMatchObject({ code: 'auth/user-not-found' });
    const kept = await adminDb().collection(`rooms/${roomId}/messages`).where('text', '==', text).get();
    expect(kept.size).toBe(1);
    expect(kept.docs[0]!.get('authorName')).toBe(DELETED_NAME);
    expect(kept.docs[0]!.get('authorId')).toBe(leaves.person.uid);

    // the other member sees the message still there, under the deleted user's name
    await expect.poll(() => messageItem(stays.page, text).textContent(), POLL).toContain(DELETED_NAME);
    expect(await messageItem(stays.page, text).textContent()).not.toContain(leaves.person.name);
    await leaves.context.close();
    await stays.context.close();
  });
});

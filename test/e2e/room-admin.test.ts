import AxeBuilder from '@axe-core/playwright';
import { ROOM_RENAME_COUNT } from '@chat/shared';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminDb, seedRoom, signedInPerson } from './support/admin';
import { createRoom, openRoom, suiteBrowser, roomLink, screenshot, signedUpPerson } from './support/browser';

const browser = await suiteBrowser();

describe('room administration', () => {
  it('lets the owner rename, set topic and slow mode, make an admin, mute, kick and ban', async () => {
    const ana = await signedUpPerson(browser, 'Ana');
    const ben = await signedUpPerson(browser, 'Ben');
    const roomId = await createRoom(ana.page, `Club ${uniqueId().slice(-6)}`);
    await ben.page.goto(`/r/${roomId}`);
    await ben.page.getByRole('textbox', { name: /^Message #/ }).waitFor();
    // A member has no settings.
    await ben.page.getByRole('button', { name: /^Members \(2\)$/ }).waitFor();
    expect(await ben.page.getByRole('button', { name: 'Room settings' }).count()).toBe(0);

    const renamed = `Book club ${uniqueId().slice(-6)}`;
    await ana.page.getByRole('button', { name: 'Room settings' }).click();
    const settings = ana.page.getByRole('dialog', { name: 'Room settings' });
    await settings.getByLabel('Room name').fill(renamed);
    await settings.getByLabel('Topic').fill('One chapter a week');
    await settings.getByLabel('Slow mode').selectOption({ label: '30 seconds' });
    await settings.getByRole('button', { name: 'Save changes' }).click();
    await settings.getByRole('status').getByText('Saved.').waitFor();
    await screenshot(ana.page, 'room-settings-1280x800');
    await settings.getByRole('button', { name: 'Close' }).click();
    await ben.page.getByRole('heading', { name: `# ${renamed}` }).waitFor();
    await ben.page.getByText('One chapter a week').first().waitFor();
    // announced in the room, by the server (the rename's record starts its trigger)
    const log = ben.page.getByRole('list', { name: 'Messages' });
    await log.getByText(`The room was renamed to “${renamed}”`).waitFor();
    await log.getByText('The topic is now “One chapter a week”').waitFor();

    await ana.page.getByRole('button', { name: /^Members/ }).click();
    const members = ana.page.getByRole('complementary', { name: 'Members' });
    await members.getByRole('button', { name: `Manage ${ben.user.name}` }).click();
    const manage = members.getByRole('group', { name: `Manage ${ben.user.name}` });
    await manage.getByRole('button', { name: 'Make admin' }).click();
    // Ben is an admin now: he sees the settings.
    await ben.page.getByRole('button', { name: 'Room settings' }).waitFor();
    await manage.getByRole('button', { name: 'Remove admin' }).click();
    await expect.poll(() => ben.page.getByRole('button', { name: 'Room settings' }).count()).toBe(0);

    await manage.getByRole('button', { name: 'Mute for 1 hour' }).click();
    await members.getByText(/· muted/).waitFor();
    await manage.getByRole('button', { name: 'Unmute' }).waitFor();

    const axe = await new AxeBuilder({ page: ana.page }).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await screenshot(ana.page, 'room-members-1280x800');

    await manage.getByRole('button', { name: 'Remove from room' }).click();
    await expect.poll(() => roomLink(ben.page, renamed).count()).toBe(0);
    // The room Ben still has open says why it went quiet, and no longer offers to send.
    await ben.page
      .getByRole('alert')
      .getByText(/^You were removed from this room/)
      .waitFor();
    expect(await ben.page.getByRole('textbox', { name: /^Message #/ }).count()).toBe(0);

    // Ben may walk back into the public room after a kick, by asking (never behind his back), but not after a ban.
    await ben.page.goto(`/r/${roomId}`);
    await ben.page.getByRole('heading', { name: `# ${renamed}` }).waitFor();
    await ben.page.getByRole('button', { name: 'Join again' }).click();
    // the mute he was given before the kick came back with him (#13: no path through leaving
    // and joining sheds a sanction), and the composer says so
    await ben.page.getByText(/^A moderator muted you in this room until/).waitFor();
    expect(await ben.page.getByRole('textbox', { name: /^Message #/ }).count()).toBe(0);
    await members.getByText(/· muted/).waitFor();
    await members.getByRole('button', { name: `Manage ${ben.user.name}` }).click();
    await members
      .getByRole('group', { name: `Manage ${ben.user.name}` })
      .getByRole('button', { name: 'Ban' })
      .click();
    await expect.poll(() => roomLink(ben.page, renamed).count()).toBe(0);
    await ben.page.goto(`/r/${roomId}`);
    await ben.page.getByRole('alert').getByText('You were banned from this room.').waitFor();
    await ana.context.close();
    await ben.context.close();
  });

  it('says a change of name past the limit in words, keeping the changes, and saves them once a change frees up', async () => {
    const ana = await signedInPerson(browser, 'Ana');
    const roomId = await seedRoom([ana.person], 'rename-limit');
    await openRoom(ana.page, roomId);
    // ten changes of room names and topics in the last hour (elsewhere), the oldest 50 minutes ago
    const ledger = adminDb().doc(`roomNameLedgers/${ana.person.uid}`);
    const ring = (oldestAgeMs: number) => ({
      n: ROOM_RENAME_COUNT,
      at: Object.fromEntries(
        Array.from({ length: ROOM_RENAME_COUNT }, (_, slot) => [
          String(slot),
          Timestamp.fromMillis(Date.now() - (slot === 0 ? oldestAgeMs : 60_000)),
        ]),
      ),
      roomId: 'elsewhere',
    });
    await ledger.set(ring(3_000_000));

    const renamed = `Renamed ${uniqueId().slice(-6)}`;
    await ana.page.getByRole('button', { name: 'Room settings' }).click();
    const settings = ana.page.getByRole('dialog', { name: 'Room settings' });
    await settings.getByLabel('Room name').fill(renamed);
    await settings.getByLabel('Topic').fill('A new topic');
    await settings.getByRole('button', { name: 'Save changes' }).click();
    await settings
      .getByText(/^You can change room names and topics 10 times an hour\. Try again at .+; your changes are kept\.$/)
      .waitFor();
    expect(await settings.getByLabel('Room name').inputValue()).toBe(renamed);
    expect(await settings.getByLabel('Topic').inputValue()).toBe('A new topic');
    expect((await adminDb().doc(`rooms/${roomId}`).get()).data()?.name).not.toBe(renamed);
    await screenshot(ana.page, 'room-rename-limit');

    // the oldest change is over an hour old: the same Save goes through, counted once more
    await ledger.set(ring(3_700_000));
    await settings.getByRole('button', { name: 'Save changes' }).click();
    await settings.getByRole('status').getByText('Saved.').waitFor();
    await ana.page.getByRole('heading', { name: `# ${renamed}` }).waitFor();
    expect((await ledger.get()).data()).toMatchObject({ n: ROOM_RENAME_COUNT + 1, roomId });
    await ana.page.getByRole('list', { name: 'Messages' }).getByText(`The room was renamed to “${renamed}”`).waitFor();
    await ana.context.close();
  });
});

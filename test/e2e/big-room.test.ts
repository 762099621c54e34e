/**
 * A room bigger than the page of members the app loads (the rules cap a list at 100): a member
 * past that page is found by the @mention search (the server's prefix search on nameLower),
 * picked, and the sent message names them in `mentions` and shows them as a mention; and a member who is not on that page
 * is still a member to their app (the composer, their sends) and the room counts everyone.
 */
import { MAX_QUERY_LIMIT } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminDb, seedRoom, signedInPerson, type Person } from './support/admin';
import { messageItem, openRoom, POLL, screenshot, suiteBrowser } from './support/browser';

const browser = await suiteBrowser();

/** More members than one page of the member list holds. */
const CROWD = MAX_QUERY_LIMIT + 20;

describe('a room of more than 100 members', () => {
  it('finds a member beyond the first 100 by the start of their name, and mentions them', async () => {
    const ana = await signedInPerson(browser, 'Ana', '/rooms');
    const tag = uniqueId().slice(-6);
    // The page the app loads is the first 100 member documents by id. An Auth uid is 28 letters
    // and digits, so it sorts before these: Ana is on the page, and the crowd's last ones are not.
    const crowd: Person[] = Array.from({ length: CROWD }, (_, i) => ({
      uid: `zzzz-${tag}-${String(i).padStart(3, '0')}`,
      name: `Member ${String(i).padStart(3, '0')}`,
    }));
    const target = { ...crowd[CROWD - 1]!, name: `Quilla ${tag}` };
    crowd[CROWD - 1] = target;
    const roomId = await seedRoom([ana.person, ...crowd], 'crowd');
    await openRoom(ana.page, roomId);

    const box = ana.page.getByRole('textbox', { name: /^Message #/ });
    await box.click();
    await box.pressSequentially('hi @quil');
    const option = ana.page.getByRole('option', { name: `@${target.name}` });
    await option.waitFor();
    await screenshot(ana.page, 'mention-search');
    await box.press('Enter');
    await expect.poll(() => box.inputValue(), POLL).toBe(`hi @${target.name} `);
    await box.pressSequentially(`welcome ${tag}`);
    await box.press('Enter');
    await messageItem(ana.page, `welcome ${tag}`).waitFor();

    const sent = async () => {
      const snap = await adminDb().collection(`rooms/${roomId}/messages`).where('authorId', '==', ana.person.uid).get();
      return snap.docs.map((d) => d.data()).find((m) => String(m.text).includes(`welcome ${tag}`)) ?? null;
    };
    await expect.poll(async () => (await sent())?.mentions, POLL).toEqual([target.uid]);
    // shown as a mention, though the target's name is not on the member page the app loaded
    await messageItem(ana.page, `welcome ${tag}`)
      .locator('mark.mention', { hasText: `@${target.name}` })
      .waitFor();
    await ana.context.close();
  });

  it('is still mine when I am not among the first 100 members, and counts everyone', async () => {
    const ana = await signedInPerson(browser, 'Ana', '/rooms');
    const tag = uniqueId().slice(-6);
    // '0' and '-' sort before every letter and digit an Auth uid starts with: the whole crowd
    // comes before Ana, and the page of the first 100 does not hold her
    const crowd: Person[] = Array.from({ length: CROWD }, (_, i) => ({
      uid: `0000-${tag}-${String(i).padStart(3, '0')}`,
      name: `Member ${String(i).padStart(3, '0')}`,
    }));
    const roomId = await seedRoom([...crowd, ana.person], 'crowd-first');
    await openRoom(ana.page, roomId);

    const box = ana.page.getByRole('textbox', { name: /^Message #/ });
    await box.fill(`still here ${tag}`);
    await box.press('Enter');
    await messageItem(ana.page, `still here ${tag}`)
      .getByText(/^(Sent|Delivered)$/)
      .waitFor();
    expect(await ana.page.getByText('You are no longer a member of this room.').count()).toBe(0);
    await ana.page.getByRole('button', { name: `Members (${CROWD + 1})` }).click();
    await ana.page
      .getByRole('complementary', { name: 'Members' })
      .getByText(`${MAX_QUERY_LIMIT} of ${CROWD + 1} shown.`)
      .waitFor();
    await ana.context.close();
  });
});

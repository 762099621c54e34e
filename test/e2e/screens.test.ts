/**
 * Every main screen in light, dark and a 375-px phone, kept in test-results/screenshots/ to be
 * looked at: sign-in, a lively room, a new empty room, a direct conversation, the room list.
 */
import { textMessage } from '@chat/shared';
import { Timestamp } from 'firebase-admin/firestore';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminDb, seedDirectRoom, seedRoom, signedInPerson, type Person } from './support/admin';
import { suiteBrowser, messageItem, newPage, openRoom, screenshot } from './support/browser';

const LINES: [number, string][] = [
  [1, 'Morning! Did anyone look at the launch checklist?'],
  [1, 'I added the DNS item at the bottom.'],
  [2, 'Yes, all good on my side. The status page is ready too.'],
  [0, 'Great. Lunch at 12:30 to celebrate?'],
  [2, 'Count me in 🎉'],
  [1, 'Same. I will book the table by the window.'],
  [0, 'Perfect, see you there.'],
];

async function conversation(people: Person[], roomId: string) {
  const db = adminDb();
  const batch = db.batch();
  const start = Date.now() - LINES.length * 45_000;
  LINES.forEach(([who, text], i) => {
    const p = people[who]!;
    batch.set(db.doc(`rooms/${roomId}/messages/m${i}${uniqueId('')}`), {
      ...textMessage({ authorId: p.uid, authorName: p.name, text, createdAt: Timestamp.fromMillis(start + i * 45_000) }),
      ...(i === 4 ? { reactions: { '👍': [people[0]!.uid, people[1]!.uid] } } : {}),
    });
  });
  await batch.commit();
}

const browser = await suiteBrowser();

describe('screens', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`shows sign-in, a room, an empty room, a direct conversation and the room list (${scheme}, desktop and 375 px)`, async () => {
      const { page: signin, context } = await newPage(browser);
      await signin.emulateMedia({ colorScheme: scheme });
      await signin.goto('/');
      await signin.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      await screenshot(signin, `screen-signin-${scheme}-1280x800`);
      await signin.setViewportSize({ width: 375, height: 740 });
      await screenshot(signin, `screen-signin-${scheme}-375x740`);
      await context.close();

      const [ana, ben, chloe] = await Promise.all(['Ana', 'Ben', 'Chloé'].map((n) => signedInPerson(browser, n)));
      const people = [ana!.person, ben!.person, chloe!.person];
      const roomId = await seedRoom(people, 'launch');
      await adminDb().doc(`rooms/${roomId}`).update({ topic: 'Shipping Firechat 1.0' });
      await conversation(people, roomId);
      const page = ana!.page;
      await page.emulateMedia({ colorScheme: scheme });
      await openRoom(page, roomId);
      await messageItem(page, 'Perfect, see you there.').waitFor();
      const shoot = async (p: Page, name: string) => {
        await p.setViewportSize({ width: 1280, height: 800 });
        await screenshot(p, `screen-${name}-${scheme}-1280x800`);
        await p.setViewportSize({ width: 375, height: 740 });
        await screenshot(p, `screen-${name}-${scheme}-375x740`);
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await p.setViewportSize({ width: 1280, height: 800 });
      };
      await shoot(page, 'room');
      // hovering a message shows its one action bar
      await messageItem(page, 'Yes, all good on my side.').hover();
      await screenshot(page, `screen-room-actions-${scheme}-1280x800`);

      const empty = await seedRoom([ana!.person], 'new');
      await openRoom(page, empty);
      await page.getByRole('heading', { name: /^Welcome to/ }).waitFor();
      await shoot(page, 'empty-room');

      const dm = await seedDirectRoom(ana!.person, chloe!.person);
      await adminDb().doc(`rooms/${dm}/messages/d1`).set(textMessage({ authorId: chloe!.person.uid, authorName: chloe!.person.name, text: 'Are you around for a quick call?', createdAt: Timestamp.now() }));
      await openRoom(page, dm);
      // in the list of messages: the room list previews the same words once the summary lands
      await messageItem(page, 'Are you around for a quick call?').waitFor();
      await shoot(page, 'direct');

      await page.setViewportSize({ width: 375, height: 740 });
      await page.getByRole('link', { name: 'Back to rooms' }).click();
      await page.getByRole('navigation', { name: 'Rooms' }).waitFor();
      await screenshot(page, `screen-rooms-${scheme}-375x740`);
      for (const p of [ana!, ben!, chloe!]) await p.context.close();
    });
  }
});

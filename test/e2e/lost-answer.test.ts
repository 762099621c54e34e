/**
 * A message whose commit succeeds while its answer is lost, through the UI. Ana's browser talks
 * to the emulators through a proxy (support/lossyProxy.ts) that lets her write reach the server,
 * keeps the acknowledgement from her page and then drops the session, as a server that fails
 * after committing does. Her SDK opens a new Write stream and sends the write again; the rules
 * refuse it (the message exists). Ana must see her message sent, exactly once, with no
 * "Not sent" and no Retry, then or later, and Ben receives it once.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { textMessage } from '@chat/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, uniqueId } from '../support/env';
import { adminDb, seedRoom, signedInPerson } from './support/admin';
import { BROWSER_WAIT_MS, launchBrowser, messageItem, openRoom, POLL, screenshot, sendMessage } from './support/browser';
import { startLossyHttpProxy, type LossyHttpProxy } from './support/lossyProxy';

declare global {
  interface Window {
    notSentSeen?: number;
  }
}

describe('a message whose answer is lost', () => {
  let browser: Browser;
  let lossy: Browser;
  let proxy: LossyHttpProxy;
  beforeAll(async () => {
    proxy = await startLossyHttpProxy();
    [browser, lossy] = await Promise.all([launchBrowser(), launchBrowser({ proxy: proxy.server })]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), lossy?.close()]);
    await proxy?.close();
  });

  it('shows as sent, once, to the sender and the room, and never as "Not sent"', async () => {
    const [ana, ben] = await Promise.all([signedInPerson(lossy, 'Ana'), signedInPerson(browser, 'Ben')]);
    const roomId = await seedRoom([ana.person, ben.person], 'lost-answer');
    await Promise.all([openRoom(ana.page, roomId), openRoom(ben.page, roomId)]);
    // whatever happens on the way, "Not sent" must never be on Ana's screen
    await ana.page.evaluate(() => {
      window.notSentSeen = 0;
      new MutationObserver(() => {
        if (document.body.textContent?.includes('Not sent')) window.notSentSeen = (window.notSentSeen ?? 0) + 1;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });

    const text = `lost-answer-${uniqueId()}`;
    const stored = async () =>
      (await adminDb().collection(`rooms/${roomId}/messages`).where('text', '==', text).get()).docs.map((d) => d.id);
    const cut = proxy.loseWriteAnswerAfter(text, async () => {
      await eventually(async () => ((await stored()).length > 0 ? true : undefined), 'the commit to land', BROWSER_WAIT_MS);
    });
    await sendMessage(ana.page, text);
    await cut;

    // the SDK sent the write again on a new stream, and the server refused it
    await expect.poll(() => proxy.writesContaining(text), POLL).toBeGreaterThanOrEqual(2);
    await expect.poll(() => proxy.refusals(), POLL).toBeGreaterThan(0);

    const mine = messageItem(ana.page, text);
    await mine.getByText(/^(Sent|Delivered|Read)$/).waitFor();
    await expect.poll(() => ana.page.getByText('sending…').count(), POLL).toBe(0);
    expect(await mine.count()).toBe(1);
    await messageItem(ben.page, text).waitFor();
    expect(await messageItem(ben.page, text).count()).toBe(1);
    expect((await stored()).length).toBe(1);
    await screenshot(ana.page, 'lost-answer-sent');
    expect(await ana.page.evaluate(() => window.notSentSeen)).toBe(0);

    // Later the room moves on past the live window; Ana comes back. A send the app had written
    // off would show here as "Not sent" with Retry, below the newer messages.
    const db = adminDb();
    const batch = db.batch();
    const start = Date.now();
    for (let i = 0; i < 60; i++) {
      // three other people, so none of them trips the sending rate limit, a millisecond apart
      const author = { uid: `later${i % 3}`, name: `Later ${i % 3}` };
      batch.set(
        db.collection(`rooms/${roomId}/messages`).doc(),
        textMessage({
          authorId: author.uid,
          authorName: author.name,
          text: `later ${i}`,
          createdAt: Timestamp.fromMillis(start + i),
        }),
      );
    }
    await batch.commit();
    await messageItem(ana.page, 'later 59').waitFor();
    await ana.page.reload();
    await messageItem(ana.page, 'later 59').waitFor();
    expect(await ana.page.getByText('Not sent').count()).toBe(0);
    expect(await ana.page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    // the message itself is older than the window now, so nothing shows it: had the app written
    // it off, the "Not sent" row above would have been the only place it appeared
    expect(await messageItem(ana.page, text).count()).toBe(0);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });

  it('keeps pacing after a reload that follows a lost answer: the next send in slow mode waits instead of being refused', async () => {
    // The SDK drops a write the server refused on resend, so its cache never learns what that
    // commit did to Ana's send ledger and her slow-mode stamp; a page that trusted the cache after
    // a reload would send at once and be refused.
    const ana = await signedInPerson(lossy, 'Ana');
    const roomId = await seedRoom([ana.person], 'lost-answer-slow');
    await adminDb().doc(`rooms/${roomId}`).update({ slowModeSec: 20 });
    await openRoom(ana.page, roomId);
    await ana.page.getByText('Slow mode: one message every 20 s').waitFor();
    const tag = uniqueId().slice(-6);
    const mine = () => adminDb().collection(`rooms/${roomId}/messages`).where('authorId', '==', ana.person.uid).get();
    const refusedBefore = proxy.refusals();
    const cut = proxy.loseWriteAnswerAfter(`first-${tag}`, async () => {
      await eventually(async () => ((await mine()).size > 0 ? true : undefined), 'the commit to land', BROWSER_WAIT_MS);
    });
    await sendMessage(ana.page, `first-${tag}`);
    await cut;
    await expect.poll(() => proxy.refusals(), POLL).toBeGreaterThan(refusedBefore);
    await messageItem(ana.page, `first-${tag}`).getByText(/^(Sent|Delivered|Read)$/).waitFor();

    await ana.page.reload();
    await ana.page.getByText('Slow mode: one message every 20 s').waitFor();
    await sendMessage(ana.page, `second-${tag}`);
    await messageItem(ana.page, `second-${tag}`).getByText('sending…').first().waitFor();
    await expect.poll(async () => (await mine()).size).toBe(2);
    await expect.poll(() => ana.page.getByText('sending…').count(), POLL).toBe(0);
    expect(await ana.page.getByText('Not sent').count()).toBe(0);
    await ana.context.close();
  });
});

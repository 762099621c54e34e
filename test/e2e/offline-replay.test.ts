/**
 * Offline in the browser: a person goes offline, sends ten messages, reloads the page while
 * still offline and comes back: another person receives all ten exactly once, in the order they
 * were written. A message the server refuses once the connection returns (the sender was muted
 * by a room admin meanwhile) shows as "Not sent" with its text kept and a Retry button.
 *
 * The page cannot be fetched while the browser is offline (there is no service worker), so the
 * reload itself goes through with only Firestore unreachable, and the browser is offline again
 * as soon as the page is back.
 */
import { DEFAULT_ROOM_ID } from '@chat/shared';
import { getAuth } from 'firebase-admin/auth';
import { getApps, initializeApp } from 'firebase-admin/app';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ports, projectId, uniqueId } from '../support/env';
import { adminDb } from '../robustness/support/admin';
import { muteMember } from './support/admin';
import {
  suiteBrowser,
  newPage,
  newUser,
  screenshot,
  sdkStreams,
  sendMessage,
  signUp,
  withAccount,
  type TestUser,
} from './support/browser';

const FIRESTORE = `http://127.0.0.1:${ports.firestore}/**`;

async function cutFirestore(context: BrowserContext): Promise<void> {
  await context.route(FIRESTORE, (route) => route.abort('internetdisconnected'));
}
async function restoreFirestore(context: BrowserContext): Promise<void> {
  await context.unroute(FIRESTORE);
}

/** Signed up and in #general, so a first send cannot race the join. */
async function inGeneral(page: Page, user: TestUser): Promise<void> {
  await signUp(page, user);
  await expect.poll(() => new URL(page.url()).pathname).toBe(`/r/${DEFAULT_ROOM_ID}`);
}

async function uidOf(user: TestUser): Promise<string> {
  const app = getApps().find((a) => a.name === 'offline-replay') ?? initializeApp({ projectId }, 'offline-replay');
  return (await getAuth(app).getUserByEmail(user.email)).uid;
}

/** The texts of the message list that carry `marker`, top to bottom. */
async function texts(page: Page, marker: string): Promise<string[]> {
  const items = await page.getByRole('list', { name: 'Messages' }).getByRole('listitem').allTextContents();
  return items.filter((t) => t.includes(marker));
}

const browser = await suiteBrowser();

describe('offline sends replay once, in order', () => {
  it('delivers ten messages written offline, across a reload, exactly once and in order', async () => {
    const ana = await newPage(browser);
    const ben = await newPage(browser);
    await inGeneral(ana.page, newUser('Ana'));
    await inGeneral(ben.page, newUser('Ben'));
    const run = uniqueId('off');
    // one message online first, so both are surely in the room and synced. Ben sends it: the
    // rules allow a member 10 sends in 10 s, so an eleventh send of Ana's within that window
    // would rightly be refused.
    await sendMessage(ben.page, `${run} online`);
    await ana.page.getByRole('list', { name: 'Messages' }).getByText(`${run} online`).waitFor();

    await cutFirestore(ana.context);
    await ana.context.setOffline(true);
    const written = Array.from({ length: 10 }, (_, i) => `${run} offline #${i}`);
    for (const text of written) await sendMessage(ana.page, text);
    for (const text of written) await ana.page.getByRole('list', { name: 'Messages' }).getByText(text).waitFor();
    await expect.poll(() => ana.page.getByText('sending…').count()).toBeGreaterThanOrEqual(10);
    await screenshot(ana.page, 'offline-ten-pending');

    // reload with the backends still unreachable, then offline again; the reloaded page logs its
    // SDK's streams, for the account of a replay that never reaches the server (one CI run)
    const streams = sdkStreams(ana.page);
    await ana.page.evaluate(() => localStorage.setItem('firechat:sdk-debug', '1'));
    await ana.context.setOffline(false);
    await ana.page.reload();
    await ana.page.getByRole('textbox', { name: /^Message #/ }).waitFor();
    await ana.context.setOffline(true);
    for (const text of written) await ana.page.getByRole('list', { name: 'Messages' }).getByText(text).waitFor();
    expect(await texts(ben.page, `${run} offline`)).toEqual([]);

    // the backend is reachable before the browser says it is online again, so Firestore's
    // reconnect on the online event succeeds instead of backing off
    await restoreFirestore(ana.context);
    await ana.context.setOffline(false);
    await expect
      .poll(async () => (await texts(ben.page, `${run} offline`)).length)
      .toBe(written.length)
      .catch((error: Error) => {
        throw withAccount(error, `Ana's SDK after the reload: ${streams()}`);
      });
    const seen = await texts(ben.page, `${run} offline`);
    expect(seen.map((t) => written.findIndex((w) => t.includes(w)))).toEqual(written.map((_, i) => i));
    await expect.poll(() => ana.page.getByText('sending…').count()).toBe(0);
    expect((await texts(ana.page, `${run} offline`)).length).toBe(written.length);
    // and the server holds each exactly once
    const stored = await adminDb().collection(`rooms/${DEFAULT_ROOM_ID}/messages`).where('text', 'in', written).get();
    expect(stored.docs.map((d) => d.get('text') as string).sort()).toEqual([...written].sort());
    await ana.context.close();
    await ben.context.close();
  });

  it('shows a message the server refuses after reconnecting as "Not sent", text kept, with Retry', async () => {
    const user = newUser('Muted');
    const { page, context } = await newPage(browser);
    await inGeneral(page, user);
    const run = uniqueId('refused');
    await sendMessage(page, `${run} before`);
    await page.getByRole('list', { name: 'Messages' }).getByText(`${run} before`).waitFor();
    await expect.poll(() => page.getByText('sending…').count()).toBe(0);

    await cutFirestore(context);
    await context.setOffline(true);
    const doomed = `${run} written while muted`;
    await sendMessage(page, doomed);
    await page.getByText(doomed).waitFor();
    // a room admin mutes the sender while they are offline
    const uid = await uidOf(user);
    await muteMember(DEFAULT_ROOM_ID, uid, new Date(Date.now() + 3_600_000));

    await restoreFirestore(context);
    await context.setOffline(false);
    const failed = page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: doomed });
    await failed.getByText('Not sent').waitFor();
    await expect.poll(() => failed.getByText(doomed).count()).toBe(1);
    await failed.getByRole('button', { name: 'Retry' }).waitFor();
    await screenshot(page, 'offline-refused-not-sent');
    const stored = await adminDb().collection(`rooms/${DEFAULT_ROOM_ID}/messages`).where('text', '==', doomed).get();
    expect(stored.size).toBe(0);
    await context.close();
  });
});

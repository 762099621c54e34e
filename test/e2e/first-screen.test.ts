/**
 * A cold open of a room by someone signed in here before: the chat screen's code is asked for in
 * the same wave as the app's (web/src/boot.ts), in a few files (web/vite.config.ts), and what the
 * first screen does not need (the service worker's first install, which downloads the whole app,
 * and the dialogs' code) waits until the room's messages are on screen (web/src/lib/firstScreen.ts).
 * The order and number of requests is what is asserted, read from the page's resource timings;
 * how much time it saves is the bench's (npm run bench, navigation to first message).
 */
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createPerson, roomSettled, seedMessages, seedRoom, signedInPerson } from './support/admin';
import { BROWSER_WAIT_MS, suiteBrowser, watchPage } from './support/browser';

const browser = await suiteBrowser();

/** Records when the page's message list first has an item (performance.now(), as resource timings). */
function recordFirstMessage() {
  const w = window as unknown as { __firstMessageAt?: number };
  new MutationObserver((_records, observer) => {
    if (document.querySelector('[aria-label="Messages"] li')) {
      w.__firstMessageAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

/**
 * Records how far from the bottom the message history is in the first frame that shows a message
 * (in pixels; measured in the frame's requestAnimationFrame, after the page's own work for it).
 */
function recordFirstFrameGap() {
  const w = window as unknown as { __firstFrameGap?: number };
  new MutationObserver((_records, observer) => {
    if (!document.querySelector('[aria-label="Messages"] li')) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const el = document.querySelector('[aria-label="Message history"]')!;
      w.__firstFrameGap = el.scrollHeight - el.scrollTop - el.clientHeight;
    });
  }).observe(document, { childList: true, subtree: true });
}

/** Script files a cold open loads before the messages show: 7 today, 38 before they were grouped. */
const FIRST_SCREEN_SCRIPTS = 8;

/** How long the app's chunk is held back, at most, for the chat screen's request. */
const HOLD_MS = 20_000;

/** Resolves when the context asks for the chunk `name`-*.js, or after HOLD_MS. */
function requested(context: BrowserContext, name: string): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, HOLD_MS);
    context.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith(`/assets/${name}-`)) resolve();
    });
  });
}

describe('the first screen', () => {
  it('asks for the chat screen with the app, and installs the app and prefetches dialogs only once the messages show', async () => {
    const me = await signedInPerson(browser, 'Cole', '/rooms');
    const other = await createPerson('Dara');
    const roomId = await seedRoom([me.person, other.person], 'first-screen');
    await seedMessages(roomId, other.person, 5, (i) => `first screen ${i}`);
    await roomSettled(roomId);
    // signed in (Auth's database and the app's hint that someone was), with nothing else cached
    type Origin = { indexedDB?: Array<{ name: string }> };
    const state = await me.context.storageState({ indexedDB: true });
    const signedIn = {
      ...state,
      origins: state.origins.map((o) => ({
        ...o,
        indexedDB: ((o as Origin).indexedDB ?? []).filter((db) => db.name === 'firebaseLocalStorageDb'),
      })),
    };
    await me.context.close();

    const context = await browser.newContext({
      baseURL: new URL(me.page.url()).origin,
      viewport: { width: 1280, height: 800 },
      storageState: signedIn,
    });
    context.setDefaultTimeout(BROWSER_WAIT_MS);
    await context.addInitScript(recordFirstMessage);
    // Who asks for the chat screen shows in the order of requests only if the app's code does not
    // arrive at once, as it does on this machine: the app's chunk is held back until the chat
    // screen's has been asked for (HOLD_MS at most). Asked for by the entry, it comes while the app
    // is held; asked for by the app once it ran, only after the hold.
    const chatAsked = requested(context, 'ChatView');
    await context.route(/\/assets\/main-[\w-]+\.js$/, async (route) => {
      await chatAsked;
      await route.continue();
    });
    // what the page's listens ask for, in the order they are sent (web/src/views/ChatView.vue, askFirst)
    let listens = '';
    context.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/Listen/channel'))
        listens += decodeURIComponent(request.postData() ?? '');
    });
    const page = await context.newPage();
    watchPage(page, 'cold');
    await page.goto(`/r/${roomId}`);
    await page.getByRole('list', { name: 'Messages' }).getByText('first screen 4').waitFor();
    // the deferred work starts when the browser is next idle: wait for the worker it registers
    await expect
      .poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())), {
        timeout: BROWSER_WAIT_MS,
      })
      .toBe(true);

    const seen = await page.evaluate(() => ({
      firstMessageAt: (window as unknown as { __firstMessageAt?: number }).__firstMessageAt ?? null,
      resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({
        path: new URL(e.name).pathname,
        start: e.startTime,
        end: e.responseEnd,
      })),
    }));
    const chunk = (name: string) => {
      const found = seen.resources.filter((r) => r.path.startsWith(`/assets/${name}-`) && r.path.endsWith('.js'));
      expect(found, `the page loaded the ${name} chunk`).toHaveLength(1);
      return found[0]!;
    };
    // the chat screen was asked for before the app's own code had even arrived, not after it ran
    expect(chunk('ChatView').start).toBeLessThan(chunk('main').end);
    // the worker's registration and a dialog's prefetch began after the messages were on screen
    expect(seen.firstMessageAt).not.toBeNull();
    expect(chunk('pwa').start).toBeGreaterThan(seen.firstMessageAt!);
    expect(chunk('BrowseRoomsDialog').start).toBeGreaterThan(seen.firstMessageAt!);
    // and in a few files, not dozens (web/vite.config.ts, firstScreenChunks): the entry and its
    // helpers, the app and its shell, the chat screen and its chunk, Firestore's SDK
    const scripts = seen.resources
      .filter((r) => r.path.endsWith('.js') && r.start < seen.firstMessageAt!)
      .map((r) => r.path);
    expect(scripts.length, scripts.join(' ')).toBeLessThanOrEqual(FIRST_SCREEN_SCRIPTS);
    // the room's messages and my member document lead the first listens, ahead of the room list's:
    // the SDK applies their answers first, and the room shows without waiting for the rest
    const at = (pattern: RegExp) => listens.search(pattern);
    const roomList = at(/"collectionId":"rooms"/);
    const messages = at(/"collectionId":"messages"/);
    const myMembership = at(new RegExp(`rooms/${roomId}/members/${me.person.uid}"`));
    expect(roomList, listens.slice(0, 3_000)).toBeGreaterThan(0);
    expect(messages, listens.slice(0, 3_000)).toBeGreaterThan(-1);
    expect(myMembership, listens.slice(0, 3_000)).toBeGreaterThan(-1);
    expect(messages).toBeLessThan(roomList);
    expect(myMembership).toBeLessThan(roomList);
    await context.close();
  });

  it('shows a long room at its newest message from the first frame that shows messages', async () => {
    const me = await signedInPerson(browser, 'Lena', '/rooms');
    const roomId = await seedRoom([me.person], 'long-room');
    await seedMessages(roomId, me.person, 40, (i) => `long room ${i}`);
    await me.context.addInitScript(recordFirstFrameGap);
    // a cold open: its first messages come from the listener asked for first (data/warmWindows)
    await me.page.goto(`/r/${roomId}`);
    await me.page.getByRole('list', { name: 'Messages' }).getByText('long room 39').waitFor();
    const gap = () => me.page.evaluate(() => (window as unknown as { __firstFrameGap?: number }).__firstFrameGap);
    await expect.poll(gap).toBeTypeOf('number');
    // at the bottom as useStickyScroll counts it (48 px), not at the oldest message
    expect(await gap()).toBeLessThan(48);
    await me.context.close();
  });
});

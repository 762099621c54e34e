/**
 * What a person feels in the browser, on the production build served by the Hosting emulator:
 * browser-to-browser delivery, first message painted (cold and warm), switching rooms, and the
 * writes the UI makes for typing, presence and read receipts. One function per scenario; they
 * share two signed-in pages so the run stays short.
 */
import type { Browser, Page } from 'playwright-core';
import { sendMessage, newMessageId } from '../../web/src/data/messages';
import { joinPublicRoom } from '../../web/src/data/rooms';
import { LINGER_MS } from '../../web/src/lib/linger';
import { TRACE_PREFIX } from '../../web/src/lib/trace';
import { closeClients, newClient, seedDirectRoom, seedRoom, uidByName, type Admin, type Client } from './clients';
import type { BenchEnv } from './env';
import { measureFloor } from './floorPages';
import {
  firstMessagePainted,
  lastClick,
  paintedAt,
  probedPage,
  signedInOnly,
  signUp,
  tokenTimes,
  watchFor,
  type ProbedPage,
} from './browser';
import { cpuTimes, idleShareSince, median, percentile, round, sleep } from './stats';

export interface BrowserOptions {
  b2bMessages: number;
  b2bWarmup: number;
  loadRuns: number;
  /** loads before the measured ones, to warm the Hosting emulator and the emulators' code paths */
  loadWarmup: number;
  switches: number;
  /** visited rooms to switch between */
  switchRooms: number;
  /** how long to wait for coalesced writes (read cursors, summaries) to land */
  settleMs: number;
  typingMs: number;
  receiptMessages: number;
  /** messages of the busy-room receipts scenario, sent at BUSY_RECEIPTS_RATE a second */
  busyReceiptMessages: number;
  /** messages of the direct-conversation receipts scenario, one every DIRECT_RECEIPTS_GAP_MS */
  directReceiptMessages: number;
}

/** The busy room of the receipts budget: 10 messages a second, as the delivery scenario. */
export const BUSY_RECEIPTS_RATE = 10;
/**
 * The quiet direct conversation of the receipts budget: a message every 3 s, under the read
 * pacing's busy threshold (4 messages seen within 5 s, web/src/lib/readPacing.ts).
 */
export const DIRECT_RECEIPTS_GAP_MS = 3_000;
/** A busy room's cursor waits a few seconds (web/src/lib/readPacing BUSY_DELAY_MS): let the last write land before counting. */
const BUSY_CURSOR_SETTLE_MS = 7_000;
/** a page that has sent no listen for this long has caught up with its listeners */
const SWITCH_QUIET_MS = 1_000;
/** the longest wait for that quiet before counting listen targets anyway */
const SWITCH_SETTLE_CAP_MS = 30_000;

export interface Rate {
  writes: number;
  windowMs: number;
  /** writes per `per` ms over the observed spacing of the writes; null when nothing was written */
  rate: number | null;
}

export interface TypingRate extends Rate {
  /** typing documents removed among the writes */
  removals: number;
  /** times the composer lost the focus while typing */
  focusLost: number;
  /** requests of the page WebChannel sent twice over the whole run (counted once) */
  resent: number;
}

export interface ReceiptFigures {
  messages: number;
  readers: number;
  cursorWrites: number;
  summaryWrites: number;
  /** readers with a listener on the room's receipt summary */
  listeningReaders: number;
  /** null when the build neither writes read cursors nor listens to receipts */
  opsPerMessagePerReader: number | null;
}

/** A direct conversation: one person sends from the composer, the other has it open and reads. */
export interface DirectReceiptFigures {
  messages: number;
  /** the reader's read-cursor writes: the receipt itself */
  cursorWrites: number;
  /**
   * the sender's own cursor writes (its cursor follows its own newest message, which keeps its
   * unread count known to be zero without a count query): reported, not a receipt's cost
   */
  senderCursorWrites: number;
  /** server writes of the room's receipt summary */
  summaryWrites: number;
  /** deliveries of the summary to the two pages (one per listening page per write) */
  summaryDeliveries: number;
  /** receipt writes of every kind per message (null when the build writes none) */
  writesPerMessage: number | null;
  /** from the message painted in the reader's page to "Read" shown under it in the sender's (ms) */
  readShownP50: number | null;
  readShownP99: number | null;
  /** messages the sender never saw marked read within the wait */
  neverShown: number;
  /** for each of those, what the reader's page, the stored cursor and the sender's page showed */
  misses: string[];
  /**
   * Of those, the ones only the emulator's delivery can explain: the reader's cursor stored at the
   * message, the sender's page still listening to it, and neither page's app saying a listener
   * failed or a cursor write was refused. The Firestore emulator can miss a change for good on a listen that
   * starts while it commits (`npm run listen-race`) or on a stream it broke (`npm run listen-breaks`).
   */
  undelivered: number;
}

export interface BrowserFigures {
  b2b: B2bFigure;
  /** the same on the bare SDK: the floor app in two pages (floorPages.ts) */
  b2bFloor: B2bFigure;
  /** the floor again, its pages keeping as many listen targets as the chat's (sender, reader) */
  b2bFloorTargets: B2bFigure & { targets: readonly [number, number] };
  load: LoadFigure;
  /** the same on the bare SDK: the floor app, signed in, its messages (floorPages.ts) */
  loadFloor: LoadFigure;
  switchRoom: {
    p50: number;
    p99: number;
    switches: number;
    listenersBefore: number;
    listenersAfter: number;
    /**
     * from the last switch's painted message to the page's last listen or unlisten before a
     * quiet second: how far the SDK's listen work lagged behind the switches
     */
    listenLagMs: number;
  };
  typing: TypingRate;
  presence: Rate;
  receipts: ReceiptFigures;
  /** the same, in a busy room (BUSY_RECEIPTS_RATE messages a second) */
  receiptsBusy: ReceiptFigures;
  receiptsDirect: DirectReceiptFigures;
  pageErrors: string[];
}

interface Room {
  id: string;
  name: string;
}

const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });

/** Room names are unique tokens, so a link or heading that contains one is that room's. */
const named = (room: Room) => new RegExp(room.name);

async function openRoom(page: Page, room: Room): Promise<void> {
  await page.goto(`/r/${room.id}`);
  await page
    .getByRole('heading', { name: named(room) })
    .first()
    .waitFor();
  await composer(page).waitFor();
}

/** Writes per `per` ms, from the spacing of the writes (a throttle shows as its interval). */
export function rateOf(times: number[], windowMs: number, per: number): Rate {
  const writes = times.length;
  if (writes === 0) return { writes, windowMs: Math.round(windowMs), rate: null };
  const span = writes > 1 ? (times[writes - 1] as number) - (times[0] as number) : windowMs;
  return { writes, windowMs: Math.round(windowMs), rate: round(((writes > 1 ? writes - 1 : 1) * per) / span, 2) };
}

/** The parts of browser-to-browser, p50 each (ms), in order: they add up to about the whole. */
export interface B2bSplit {
  /** the click to the Write request leaving the sender's page (the app's send path, the SDK's queue) */
  toWrite: number | null;
  /** the request leaving to the change coming in on the reader's Listen stream (network, the server's commit and fan-out) */
  toListen: number | null;
  /** in on the stream to in the DOM (the reader's SDK and the app's render) */
  toDom: number | null;
  /** in the DOM to painted (the next frame) */
  toPaint: number | null;
}

/** Browser to browser's figure: p50 and p99 from click to painted (ms), and its split. */
export interface B2bFigure {
  p50: number;
  p99: number;
  samples: number;
  split: B2bSplit;
}

/** Writes `text` in a page's composer and clicks Send. */
const sendFromComposer = async (page: Page, text: string) => {
  await composer(page).fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
};

/**
 * From the click on Send in one page to the message painted in the other, alternating senders;
 * `send` writes and clicks (the chat's composer, or the floor app's input: floorPages.ts).
 */
export async function measureBrowserToBrowser(
  a: ProbedPage,
  b: ProbedPage,
  tag: string,
  options: BrowserOptions,
  send: (page: Page, text: string) => Promise<void> = sendFromComposer,
): Promise<B2bFigure> {
  const samples: number[] = [];
  const parts: Record<keyof B2bSplit, number[]> = { toWrite: [], toListen: [], toDom: [], toPaint: [] };
  for (let k = 0; k < options.b2bWarmup + options.b2bMessages; k++) {
    const [from, to] = k % 2 === 0 ? [a, b] : [b, a];
    const token = `${tag}m${k}e`;
    await watchFor(to.page, token);
    // the sender watches too, for when its write leaves
    await watchFor(from.page, token);
    await send(from.page, `hello ${token}`);
    const clickedAt = await lastClick(from.page);
    const painted = await paintedAt(to.page, token);
    if (k >= options.b2bWarmup) {
      samples.push(painted - clickedAt);
      const { sent } = await tokenTimes(from.page, token);
      const { arrived, inserted } = await tokenTimes(to.page, token);
      if (sent !== null) parts.toWrite.push(sent - clickedAt);
      if (sent !== null && arrived !== null) parts.toListen.push(arrived - sent);
      if (arrived !== null && inserted !== null) parts.toDom.push(inserted - arrived);
      if (inserted !== null) parts.toPaint.push(painted - inserted);
    }
    // each page sends every second turn: well inside the rules' 10 messages per 10 s
    await sleep(600);
  }
  const p50 = (values: number[]) => (values.length === 0 ? null : round(percentile(values, 50)));
  const split: B2bSplit = {
    toWrite: p50(parts.toWrite),
    toListen: p50(parts.toListen),
    toDom: p50(parts.toDom),
    toPaint: p50(parts.toPaint),
  };
  return { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)), samples: samples.length, split };
}

/**
 * Types steadily without sending and counts the typing writes the page makes: with the removals
 * among them and the times the composer lost the focus meanwhile (a blur removes the signal and
 * the next keystroke writes it at once), so a rate above the throttle's says where it came from.
 */
export async function measureTyping(page: ProbedPage, durationMs: number): Promise<TypingRate> {
  const box = composer(page.page);
  await box.click();
  await box.evaluate((el) => {
    const w = window as unknown as { __focusLost: number };
    w.__focusLost = 0;
    el.addEventListener('blur', () => w.__focusLost++);
  });
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    await box.pressSequentially('a');
    await sleep(150);
  }
  const end = performance.now();
  const focusLost = await page.page.evaluate(() => (window as unknown as { __focusLost: number }).__focusLost);
  await box.fill('');
  await sleep(500);
  const commits = page.meter.commitsTo(/^rooms\/[^/]+\/typing\//).filter((c) => c.at >= start);
  return {
    ...rateOf(
      commits.map((c) => c.at),
      end - start,
      3000,
    ),
    removals: commits.filter((c) => c.deletes > 0).length,
    focusLost,
    resent: page.meter.retransmitted,
  };
}

/**
 * Presence writes of a page left open, from `since` (after the set-up's navigations: each page
 * load writes online and each unload offline, which is a reload's cost, not the steady rate).
 */
export function presenceRate(page: ProbedPage, since: number): Rate {
  const times = page.meter
    .commitsTo(/^presence\//)
    .map((c) => c.at)
    .filter((at) => at >= since);
  return rateOf(times, performance.now() - since, 60_000);
}

/**
 * Readers have the room open while members (Node clients of the app's own data code) send;
 * counts read-cursor writes by the pages, server writes of the receipt summary, and the summary's
 * deliveries (one per listening reader per write). At `ratePerSec` 1 each message is painted in
 * every reader before the next one leaves a second later; faster (the busy room), messages leave
 * on a fixed schedule from enough senders for the rules' pace (10 per 10 s per person), and the
 * count waits until the last one is painted and the readers' held-back cursors have landed.
 */
export async function measureReceipts(
  env: BenchEnv,
  admin: Admin,
  readers: ProbedPage[],
  room: Room,
  tag: string,
  messages: number,
  settleMs: number,
  ratePerSec = 1,
): Promise<ReceiptFigures> {
  const senders: Client[] = [];
  for (let i = 0; i < Math.ceil(ratePerSec) + 1; i++) {
    const sender = await newClient(env, env.projectId, 'rcptsend');
    await joinPublicRoom(sender.db, room.id, sender.uid, sender.name);
    senders.push(sender);
  }
  let summaryWrites = -1;
  const stop = admin.db.doc(`rooms/${room.id}/receipts/summary`).onSnapshot((snap) => {
    if (snap.exists || summaryWrites >= 0) summaryWrites += 1;
  });
  const send = (i: number, token: string) => {
    const sender = senders[i % senders.length]!;
    return sendMessage(sender.db, {
      roomId: room.id,
      id: newMessageId(sender.db, room.id),
      authorId: sender.uid,
      authorName: sender.name,
      text: `read me ${token}`,
    });
  };
  const start = performance.now();
  if (ratePerSec <= 1) {
    for (let i = 0; i < messages; i++) {
      const token = `${tag}r${i}e`;
      for (const r of readers) await watchFor(r.page, token);
      await send(i, token);
      for (const r of readers) await paintedAt(r.page, token);
      await sleep(1000);
    }
  } else {
    const sends: Promise<unknown>[] = [];
    const last = `${tag}b${messages - 1}e`;
    for (const r of readers) await watchFor(r.page, last);
    const from = performance.now();
    for (let i = 0; i < messages; i++) {
      const wait = from + (i * 1000) / ratePerSec - performance.now();
      if (wait > 0) await sleep(wait);
      sends.push(send(i, `${tag}b${i}e`));
    }
    await Promise.all(sends);
    for (const r of readers) await paintedAt(r.page, last, 60_000);
  }
  // read cursors and the summary are coalesced by design: give them time to land
  await sleep(ratePerSec <= 1 ? settleMs : Math.max(settleMs, BUSY_CURSOR_SETTLE_MS));
  stop();
  await closeClients(senders);
  const cursorWrites = readers.reduce(
    (sum, r) => sum + r.meter.commitsTo(/^users\/[^/]+\/reads\//).filter((c) => c.at >= start).length,
    0,
  );
  const writes = Math.max(0, summaryWrites);
  const listeningReaders = readers.filter((r) =>
    r.meter.targetDescriptions().some((t) => t.includes('/receipts')),
  ).length;
  const measurable = cursorWrites > 0 || writes > 0 || listeningReaders > 0;
  return {
    messages,
    readers: readers.length,
    cursorWrites,
    summaryWrites: writes,
    listeningReaders,
    opsPerMessagePerReader: measurable
      ? round((cursorWrites + writes + writes * listeningReaders) / (messages * readers.length), 3)
      : null,
  };
}

/**
 * When the sender's own message holding `token` first shows as read (the two-tick "Read" of
 * ReceiptLabel), on the page's clock plus its time origin as paintedAt; null if not within the wait.
 */
async function readShownAt(page: Page, token: string, timeoutMs: number): Promise<number | null> {
  const handle = await page
    .waitForFunction(
      (t) => {
        const items = document.querySelectorAll('[aria-label="Messages"] li');
        const mine = [...items].find((li) => li.textContent?.includes(t));
        return mine?.querySelector('.receipt.read') ? performance.timeOrigin + performance.now() : null;
      },
      token,
      { timeout: timeoutMs, polling: 20 },
    )
    .catch(() => null);
  return handle ? ((await handle.jsonValue()) as number) : null;
}

/**
 * A quiet direct conversation between the two pages, opened from the sidebar (no reload): the
 * sender sends from the composer every DIRECT_RECEIPTS_GAP_MS while the reader has it open.
 * Counts every receipt write (the reader's cursor and the server's summary; the sender's own
 * cursor apart) and the summary's deliveries, and times "Read" under the sender's message from
 * the moment it was painted in the reader's page: what the budget for direct messages
 * asks (no more writes than the per-message control, and read shown within 1 s of being seen).
 */
export async function measureDirectReceipts(
  admin: Admin,
  sender: ProbedPage,
  reader: ProbedPage,
  names: { sender: string; reader: string },
  roomId: string,
  tag: string,
  messages: number,
  settleMs: number,
): Promise<DirectReceiptFigures> {
  // the sidebar's link (the room's messages link their authors' names too)
  const open = async (page: Page, other: string) => {
    await page
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: new RegExp(`^${other}`) })
      .click();
    await page.getByRole('heading', { name: other, exact: true }).waitFor();
    await composer(page).waitFor();
  };
  await open(sender.page, names.reader);
  await open(reader.page, names.sender);
  let summaryWrites = -1;
  const stop = admin.db.doc(`rooms/${roomId}/receipts/summary`).onSnapshot((snap) => {
    if (snap.exists || summaryWrites >= 0) summaryWrites += 1;
  });
  const samples: number[] = [];
  const misses: string[] = [];
  let undelivered = 0;
  const readerUid = await uidByName(admin, names.reader);
  const start = performance.now();
  for (let i = 0; i < messages; i++) {
    const token = `${tag}d${i}e`;
    await watchFor(reader.page, token);
    await composer(sender.page).fill(`read me ${token}`);
    const sentAt = Date.now();
    await sender.page.getByRole('button', { name: 'Send', exact: true }).click();
    const seen = await paintedAt(reader.page, token);
    const shown = await readShownAt(sender.page, token, 20_000);
    if (shown === null) {
      const why = await whyNotRead(admin, sender, reader, roomId, readerUid, token, sentAt);
      misses.push(why.account);
      if (why.onlyDelivery) undelivered++;
    } else samples.push(Math.max(0, shown - seen));
    await sleep(DIRECT_RECEIPTS_GAP_MS);
  }
  await sleep(settleMs);
  stop();
  const cursorWritesOf = (p: ProbedPage) =>
    p.meter.commitsTo(/^users\/[^/]+\/reads\//).filter((c) => c.at >= start).length;
  const cursorWrites = cursorWritesOf(reader);
  const writes = Math.max(0, summaryWrites);
  const listening = [sender, reader].filter((p) => p.meter.targetDescriptions().some((t) => t.includes('/receipts')));
  const measurable = cursorWrites > 0 || writes > 0;
  return {
    messages,
    cursorWrites,
    senderCursorWrites: cursorWritesOf(sender),
    summaryWrites: writes,
    summaryDeliveries: writes * listening.length,
    writesPerMessage: measurable ? round((cursorWrites + writes) / messages, 2) : null,
    readShownP50: samples.length > 0 ? round(percentile(samples, 50)) : null,
    readShownP99: samples.length > 0 ? round(percentile(samples, 99)) : null,
    neverShown: misses.length,
    misses,
    undelivered,
  };
}

/**
 * What stood between a message and "Read" under it: whether the reader's page had it on screen
 * in a focused, visible page, where the reader's stored cursor is, the sender's receipt, how much
 * later "Read" showed after all (a listener that came back, or one that never did), whether the
 * sender's page still listens to the reader's cursor and when it last started or stopped a listen,
 * and the pages' console warnings since the message was sent. `onlyDelivery`: nothing but the
 * delivery of the stored cursor to a live listener is missing (DirectReceiptFigures.undelivered).
 */
async function whyNotRead(
  admin: Admin,
  senderPage: ProbedPage,
  readerPage: ProbedPage,
  roomId: string,
  readerUid: string,
  token: string,
  sentAt: number,
): Promise<{ account: string; onlyDelivery: boolean }> {
  const { page: sender } = senderPage;
  const { page: reader } = readerPage;
  const found = await admin.db.collection(`rooms/${roomId}/messages`).where('text', '==', `read me ${token}`).get();
  const message = found.docs[0];
  const cursor = (await admin.db.doc(`users/${readerUid}/reads/${roomId}`).get()).data();
  const pageState = (page: Page) =>
    page.evaluate((t) => {
      const list = document.querySelector('[aria-label="Messages"]');
      const scroller = list?.parentElement ?? null;
      const mine = [...document.querySelectorAll('[aria-label="Messages"] li')].find((li) =>
        li.textContent?.includes(t),
      );
      return {
        focused: document.hasFocus(),
        visibility: document.visibilityState,
        belowView: scroller ? Math.round(scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight) : null,
        listed: mine !== undefined,
        receipt: mine?.querySelector('.receipt')?.className ?? null,
      };
    }, token);
  const times = (d: FirebaseFirestore.DocumentData | undefined, key: string) =>
    (d?.[key] as FirebaseFirestore.Timestamp | undefined)?.toDate().toISOString() ?? '-';
  const millis = (d: FirebaseFirestore.DocumentData | undefined, key: string) =>
    (d?.[key] as FirebaseFirestore.Timestamp | undefined)?.toMillis() ?? null;
  const messageAt = millis(message?.data(), 'createdAt');
  const cursorAt = millis(cursor, 'lastReadAt');
  const cursorStored = messageAt !== null && cursorAt !== null && cursorAt >= messageAt;
  const cursorPath = `users/${readerUid}/reads/${roomId}`;
  const senderListening = senderPage.meter.targetDescriptions().some((t) => t.includes(cursorPath));
  // the sender page's last listen or unlisten, in ms after the message was sent (the meter's clock is performance.now())
  const lastListen = Math.round(senderPage.meter.lastListenAt - (performance.now() - (Date.now() - sentAt)));
  const warnings = [...senderPage.warnings, ...readerPage.warnings]
    .filter((w) => w.at >= sentAt)
    .map((w) => `${senderPage.warnings.includes(w) ? 'sender' : 'reader'} +${w.at - sentAt} ms: ${w.text}`);
  const account = JSON.stringify({
    token,
    message: message ? { id: message.id, at: times(message.data(), 'createdAt') } : null,
    cursor: cursor
      ? { id: cursor.lastReadId as string, at: times(cursor, 'lastReadAt'), updated: times(cursor, 'updatedAt') }
      : null,
    reader: await pageState(reader),
    sender: await pageState(sender),
    readShownLater: await readShownAt(sender, token, 60_000).then((at) =>
      at === null ? 'not within 60 s more' : `${round((at - sentAt) / 1000, 1)} s after sending`,
    ),
    senderListening,
    senderLastListenMs: lastListen,
    warnings,
  });
  // the app's own lines (a listener failed, a cursor write refused) rule the emulator out; the SDK's
  // (a stream the emulator broke) do not
  const appWarned = warnings.some((w) => w.includes(TRACE_PREFIX));
  return { account, onlyDelivery: cursorStored && senderListening && !appWarned };
}

/** Milestones of the load so far, from the page's resource timings (ms since navigation). */
function milestones(page: Page): Promise<{ js: number; firestore: number }> {
  return page.evaluate(() => {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const js = entries.filter((e) => e.name.endsWith('.js')).map((e) => e.responseEnd);
    const firestore = entries.filter((e) => e.name.includes('google.firestore')).map((e) => e.startTime);
    return { js: Math.max(0, ...js), firestore: firestore.length > 0 ? Math.min(...firestore) : Number.NaN };
  });
}

/** Navigation load figures: to the first message painted, cold and warm, and their milestones (ms, p50). */
export interface LoadFigure {
  coldP50: number;
  warmP50: number;
  cold: number[];
  warm: number[];
  /** where a load's time goes: the page's JS downloaded, and the first Firestore request started (ms, p50) */
  coldJsLoadedP50: number;
  warmJsLoadedP50: number;
  coldFirstFirestoreP50: number;
  warmFirstFirestoreP50: number;
  /**
   * the machine's CPU idle share over each load (median): a load timed on a saturated machine
   * measures the queue for its CPU (the page's own work counts too)
   */
  coldCpuIdle: number;
  warmCpuIdle: number;
}

/**
 * Navigation to `path` until its first message is painted: cold (signed in as `signedIn` is,
 * empty caches) and warm (a reload). The app's pages by default; `page` opens another app's
 * (its address, and the selector of its first message: floorPages.ts).
 */
export async function measureLoad(
  browser: Browser,
  env: BenchEnv,
  signedIn: ProbedPage,
  path: string,
  runs: number,
  warmup: number,
  page: { baseURL?: string; firstMessage?: string } = {},
): Promise<LoadFigure> {
  const state = await signedInOnly(signedIn.context);
  const cold: number[] = [];
  const warm: number[] = [];
  const coldMarks: Array<{ js: number; firestore: number }> = [];
  const warmMarks: Array<{ js: number; firestore: number }> = [];
  const coldIdle: number[] = [];
  const warmIdle: number[] = [];
  for (let i = 0; i < runs + warmup; i++) {
    const fresh = await probedPage(browser, env, state, page.baseURL);
    const { firstMessage } = page;
    if (firstMessage)
      await fresh.context.addInitScript((selector) => {
        (window as unknown as { __benchFirstMessage: string }).__benchFirstMessage = selector;
      }, firstMessage);
    const coldCpu = cpuTimes();
    await fresh.page.goto(path);
    const coldMs = await firstMessagePainted(fresh.page);
    const coldIdleShare = idleShareSince(coldCpu);
    const coldMark = await milestones(fresh.page);
    const warmCpu = cpuTimes();
    await fresh.page.reload();
    const warmMs = await firstMessagePainted(fresh.page);
    const warmIdleShare = idleShareSince(warmCpu);
    const warmMark = await milestones(fresh.page);
    if (i >= warmup) {
      cold.push(round(coldMs));
      warm.push(round(warmMs));
      coldMarks.push(coldMark);
      warmMarks.push(warmMark);
      coldIdle.push(coldIdleShare);
      warmIdle.push(warmIdleShare);
    }
    await fresh.context.close();
  }
  // a load painted from the cache before any Firestore request has none (NaN): the median is of
  // those that made one, NaN when none did
  const p50 = (marks: Array<{ js: number; firestore: number }>, key: 'js' | 'firestore') =>
    round(median(marks.map((m) => m[key]).filter(Number.isFinite)));
  return {
    coldP50: round(median(cold)),
    warmP50: round(median(warm)),
    cold,
    warm,
    coldJsLoadedP50: p50(coldMarks, 'js'),
    warmJsLoadedP50: p50(warmMarks, 'js'),
    coldFirstFirestoreP50: p50(coldMarks, 'firestore'),
    warmFirstFirestoreP50: p50(warmMarks, 'firestore'),
    coldCpuIdle: round(median(coldIdle.filter(Number.isFinite)), 2),
    warmCpuIdle: round(median(warmIdle.filter(Number.isFinite)), 2),
  };
}

/**
 * Clicks through visited rooms in the sidebar; then compares the page's listen targets with
 * before, each counted once the listeners of rooms left have ended (LINGER_MS) and the page has
 * sent no listen for a second: counted earlier, they are the SDK's work still under way, not leaks.
 */
export async function measureRoomSwitches(page: ProbedPage, rooms: Room[], switches: number) {
  const link = (room: Room) => page.page.getByRole('link', { name: named(room) }).first();
  const marker = (room: Room) => `${room.name} message 0`;
  const go = async (room: Room) => {
    await watchFor(page.page, marker(room));
    await link(room).click();
    const clickedAt = await lastClick(page.page);
    return (await paintedAt(page.page, marker(room))) - clickedAt;
  };
  const settled = async () => {
    await sleep(LINGER_MS);
    await page.meter.quiet(SWITCH_QUIET_MS, SWITCH_SETTLE_CAP_MS);
    return page.meter.activeTargets;
  };
  await go(rooms[0]!);
  const listenersBefore = await settled();
  const samples: number[] = [];
  for (let s = 1; s <= switches; s++) samples.push(await go(rooms[s % rooms.length]!));
  if (switches % rooms.length !== 0) await go(rooms[0]!);
  const lastSwitch = performance.now();
  await page.meter.quiet(SWITCH_QUIET_MS, LINGER_MS - SWITCH_QUIET_MS);
  const listenLagMs = round(Math.max(0, page.meter.lastListenAt - lastSwitch));
  return {
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    switches,
    listenersBefore,
    listenersAfter: await settled(),
    listenLagMs,
  };
}

export async function measureBrowser(
  browser: Browser,
  env: BenchEnv,
  admin: Admin,
  options: BrowserOptions,
): Promise<BrowserFigures> {
  const tag = `x${env.runId}`;
  const chatRoom: Room = { id: `bench-b2b-${env.runId}`, name: `b2b${tag}` };
  const rooms: Room[] = Array.from({ length: options.switchRooms }, (_, i) => ({
    id: `bench-sw${i}-${env.runId}`,
    name: `sw${i}${tag}`,
  }));
  await seedRoom(admin, chatRoom.id, chatRoom.name, 3);
  for (const room of rooms) await seedRoom(admin, room.id, room.name, 10);

  const a = await probedPage(browser, env);
  const b = await probedPage(browser, env);
  const names = { sender: `Bench A ${env.runId}`, reader: `Bench B ${env.runId}` };
  try {
    await signUp(a.page, names.sender, `bench.a.${env.runId}@example.com`);
    await signUp(b.page, names.reader, `bench.b.${env.runId}@example.com`);
    const directRoomId = await seedDirectRoom(
      admin,
      { uid: await uidByName(admin, names.sender), name: names.sender },
      { uid: await uidByName(admin, names.reader), name: names.reader },
    );
    for (const room of rooms) await openRoom(a.page, room);
    await openRoom(a.page, chatRoom);
    await openRoom(b.page, chatRoom);
    const steadyFrom = performance.now();

    const b2b = await measureBrowserToBrowser(a, b, tag, options);
    // the listen targets each chat page keeps while it sends and reads: the floor keeps as many
    const floor = await measureFloor(browser, env, tag, options, [a.meter.activeTargets, b.meter.activeTargets]);
    const typing = await measureTyping(a, options.typingMs);
    const receipts = await measureReceipts(
      env,
      admin,
      [a, b],
      chatRoom,
      tag,
      options.receiptMessages,
      options.settleMs,
    );
    const receiptsBusy = await measureReceipts(
      env,
      admin,
      [a, b],
      chatRoom,
      tag,
      options.busyReceiptMessages,
      options.settleMs,
      BUSY_RECEIPTS_RATE,
    );
    const receiptsDirect = await measureDirectReceipts(
      admin,
      a,
      b,
      names,
      directRoomId,
      tag,
      options.directReceiptMessages,
      options.settleMs,
    );
    const load = await measureLoad(browser, env, a, `/r/${rooms[0]!.id}`, options.loadRuns, options.loadWarmup);
    const switchRoom = await measureRoomSwitches(a, rooms, options.switches);
    const presence = presenceRate(a, steadyFrom);
    return {
      b2b,
      b2bFloor: floor.b2b,
      b2bFloorTargets: floor.b2bTargets,
      load,
      loadFloor: floor.load,
      switchRoom,
      typing,
      presence,
      receipts,
      receiptsBusy,
      receiptsDirect,
      pageErrors: [...a.errors, ...b.errors],
    };
  } finally {
    await a.context.close();
    await b.context.close();
  }
}

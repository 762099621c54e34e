/**
 * Headless Chromium (Debian's /usr/bin/chromium) through playwright-core, against the
 * production build served by the Hosting emulator.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, beforeEach } from 'vitest';
import { hostingUrl, uniqueId } from '../../support/env';
import { CHROMIUM_ARGS } from '../../support/chromium';
import { composer } from './files';

export const ARTIFACTS = join(process.cwd(), 'test-results');

/** `proxy`: send every request (loopback included) through this HTTP proxy. */
export async function launchBrowser(options: { proxy?: string } = {}): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    // playwright-core gives each launch a fresh, empty user-data dir of its own
    args: CHROMIUM_ARGS,
    ...(options.proxy ? { proxy: { server: options.proxy } } : {}),
  });
}

/**
 * The browser a test file shares, awaited at the top of the file (as rules files await
 * rulesSuite): launched once, closed after the file's last test.
 */
export async function suiteBrowser(): Promise<Browser> {
  const browser = await launchBrowser();
  beforeEach(({ task, onTestFailed }) => onTestFailed(() => describeOpenPages(task.name)));
  afterAll(() => browser.close());
  return browser;
}

/** Every page a test opened and has not closed, with its last console lines and navigations. */
const openPages = new Map<Page, string[]>();
const CONSOLE_KEPT = 20;
const TEXT_SHOWN = 2_000;

/** Lines of a page's text and of its console kept in the run's closing summary (CI keeps only the tail). */
const SUMMARY_HEAD_LINES = 3;
const SUMMARY_TAIL_LINES = 10;
const SUMMARY_CONSOLE_LINES = 4;

/**
 * When a test fails, what each of its pages shows and last logged goes to the test's output, and a
 * screenshot to test-results/failures: "waited in vain for X" then says whether the page was on a
 * skeleton, an error screen or a stalled connection. A CI run keeps only the tail of its output,
 * so a shorter account also goes to CHAT_FAILURE_NOTES, which `npm test` prints beside the failed
 * test's name at the end (scripts/test.mjs).
 */
async function describeOpenPages(testName: string): Promise<void> {
  let n = 0;
  for (const [page, logged] of openPages) {
    n++;
    if (page.isClosed()) continue;
    const text = await page
      .locator('body')
      .innerText({ timeout: 10_000 }) // a busy machine's page may take seconds to answer
      .catch((error: unknown) => `(its text could not be read: ${String(error)})`);
    const dir = join(ARTIFACTS, 'failures');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${uniqueId('page')}.png`), timeout: 5_000 }).catch(() => undefined);
    const heading = `--- page ${n} of the failed test: ${page.url()}`;
    console.error(
      [
        heading,
        text.replace(/\n{2,}/g, '\n').slice(0, TEXT_SHOWN),
        `--- its last ${logged.length} console lines and navigations`,
        ...logged,
      ].join('\n'),
    );
    const notes = process.env.CHAT_FAILURE_NOTES;
    if (!notes) continue;
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const short = (l: string) => l.slice(0, 160);
    appendFileSync(
      notes,
      [
        // when, and how busy the machine was: a bound run out on a saturated machine reads differently
        `${testName}, page ${n} (${page.url()}) at ${new Date().toISOString()}, load ${(loadavg()[0] ?? 0).toFixed(1)}:`,
        // the top of the page (who is signed in, which screen) and its bottom (the conversation's newest)
        ...(lines.length <= SUMMARY_HEAD_LINES + SUMMARY_TAIL_LINES
          ? lines
          : [...lines.slice(0, SUMMARY_HEAD_LINES), '…', ...lines.slice(-SUMMARY_TAIL_LINES)]
        ).map((l) => `  | ${short(l)}`),
        // console lines carry their type (warning, error…), navigations and a crash their parentheses
        ...logged.slice(-SUMMARY_CONSOLE_LINES).map((l) => `  page ${short(l)}`),
      ].join('\n') + '\n',
    );
  }
}

/**
 * A fresh, isolated browser profile (its own IndexedDB, so its own Firestore cache and auth).
 * `serviceWorkers: 'block'` for a test that reads what the page sends: once the app's service
 * worker controls the page (it claims it on install), requests pass through it and their bodies
 * are no longer visible to routes. `storageState` starts it with what another profile kept (its
 * sign-in), `baseURL` on another server than this run's Hosting emulator (`npm start`'s).
 * Every page of a test comes from here, for the suite's wait (BROWSER_WAIT_MS, not Playwright's
 * 30 s) and for the account of what it showed when the test fails.
 */
export async function newPage(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
  options: Pick<BrowserContextOptions, 'serviceWorkers' | 'locale' | 'storageState' | 'baseURL'> = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, baseURL: hostingUrl, ...options });
  context.setDefaultTimeout(BROWSER_WAIT_MS);
  const page = await context.newPage();
  watchPage(page, viewport.width);
  return { context, page };
}

/**
 * Keeps a page's last console lines and navigations for the account of a failed test
 * (describeOpenPages). newPage does it for every page it opens; a test that opens a page another
 * way (a persistent profile) calls it itself. `label` prefixes the lines E2E_DEBUG=1 prints.
 */
export function watchPage(page: Page, label: string | number = ''): void {
  const logged: string[] = [];
  openPages.set(page, logged);
  page.on('close', () => openPages.delete(page));
  const keep = (line: string) => {
    logged.push(`${new Date().toISOString()} ${line}`.slice(0, 500));
    if (logged.length > CONSOLE_KEPT) logged.shift();
  };
  page.on('console', (m) => {
    if (isSdkDebug(m)) return;
    keep(`${m.type()} ${m.text()}`);
    // E2E_DEBUG=1 prints what the app logs as it goes, to see why a step waits in vain
    if (process.env.E2E_DEBUG) console.log(`[${label} ${m.type()}] ${m.text()}`);
  });
  // where the page went and when: a page whose text cannot be read may be in a reload
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) keep(`(navigated to ${frame.url()})`);
  });
  page.on('crash', () => keep('(the page crashed)'));
}

/**
 * A failed wait's error with what stood between, on its first line: the closing summary of a run
 * (scripts/test.mjs), the one account CI keeps, shows an error's first line and the end of
 * Playwright's call log, and nothing written after that log.
 */
export function withAccount(error: Error, account: string): Error {
  const [first = '', ...rest] = error.message.split('\n');
  return new Error([`${first} ${account.replace(/\n/g, ' | ')}`, ...rest].join('\n'));
}

/** A line of the Firebase SDK's debug log (console.log), where a test turns it on (discardedChanges): not the app's. */
function isSdkDebug(message: ConsoleMessage): boolean {
  return message.type() === 'log' && message.text().includes('@firebase/');
}

/**
 * The documents whose change the page's Firestore SDK received and discarded because its cache
 * held a newer version, as it happens. The emulator dates a commit when its request arrives and,
 * on a busy machine, can show it on a Listen stream after a snapshot of a later time; the SDK then
 * takes the change for an outdated one. A listen of a document that does not exist yet holds it
 * as absent at that later time, so its creation is lost to that listen for good (an instrumented
 * run: a peer's first read cursor, 66 ms older than the snapshot before it). Production shows
 * commits in their order. Turns on the SDK's debug log in the page (on the emulators only,
 * web/src/firestore.ts) and reloads it; document paths as "users/u1/reads/r1".
 */
export async function discardedChanges(page: Page): Promise<string[]> {
  const paths: string[] = [];
  const outdated =
    /Ignoring outdated watch update for .*"segments":\[([^\]]*)\],"offset":(\d+),"len":(\d+).*Current version: \{"timestamp":\{[^}]*"seconds":(\d+),"nanoseconds":(\d+)\}\}\s+Watch version: \{"timestamp":\{[^}]*"seconds":(\d+),"nanoseconds":(\d+)/;
  page.on('console', (message) => {
    const m = isSdkDebug(message) ? outdated.exec(message.text()) : null;
    if (!m) return;
    const [, segments = '', offset = '0', len = '0', ...times] = m;
    const [cs, cn, ws, wn] = times.map(BigInt) as [bigint, bigint, bigint, bigint];
    if (cs * 1_000_000_000n + cn <= ws * 1_000_000_000n + wn) return; // the same version again: nothing lost
    const names = JSON.parse(`[${segments}]`) as string[];
    paths.push(names.slice(Number(offset), Number(offset) + Number(len)).join('/'));
  });
  await page.evaluate(() => localStorage.setItem('firechat:sdk-debug', '1'));
  await page.reload();
  return paths;
}

/**
 * What the page's Firestore SDK does on its streams, as it happens, told in one line for the
 * account of a test whose writes or snapshots never came: how often each stream opened, sent,
 * received, failed, and the last few events of the Write stream (what it received in part) with
 * the connectivity and primary-lease changes between them. Reads the SDK's debug log: the page turns it on as it loads
 * (`firechat:sdk-debug` in localStorage; on the emulators only, web/src/firestore.ts).
 */
export function sdkStreams(page: Page): () => string {
  const counts = new Map<string, number>();
  const last: string[] = [];
  const event =
    /RPC '(Write|Listen)' stream \S+ (transport opened|transport errored|transport closed|received error|received|sending)|Network connectivity changed: \w+|primary lease[^.]*|Stopping write stream[^.]*/;
  page.on('console', (message) => {
    const text = message.text();
    const m = text.includes('@firebase/firestore') ? event.exec(text) : null;
    if (!m) return;
    const name = m[1] ? `${m[1]} ${m[2]}` : m[0];
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (/^Listen (sending|received)$/.test(name)) return; // counted: too many to tell the rest
    const at = /\[(\d{4}-[^\]]+)\]/.exec(text)?.[1]?.slice(11) ?? '';
    const detail = m[2]?.startsWith('received') ? text.slice(m.index + m[0].length, m.index + m[0].length + 120) : '';
    last.push(`${at} ${name}${detail}`);
    if (last.length > 8) last.shift();
  });
  return () => `${JSON.stringify(Object.fromEntries(counts))}; last: ${last.join(' / ')}`;
}

/** What Chromium reports refusing under the page's Content-Security-Policy, as it happens. */
export function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(ARTIFACTS, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

export interface TestUser {
  email: string;
  password: string;
  name: string;
}

export function newUser(name: string): TestUser {
  const id = uniqueId();
  return {
    email: `${name.toLowerCase()}.${id}@example.com`,
    password: 'secret-pass-1',
    name: `${name} ${id.slice(-4)}`,
  };
}

/** A new person signed up through the UI in a browser profile of their own. */
export async function signedUpPerson(browser: Browser, first: string) {
  const { context, page } = await newPage(browser);
  const user = newUser(first);
  await signUp(page, user);
  return { context, page, user };
}

/** Signs up through the UI, the way a person does, and waits for the chat to show. */
export async function signUp(page: Page, user: TestUser): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Display name').fill(user.name);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('textbox', { name: /^Message / }).waitFor();
}

export async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: /^Message / }).waitFor();
}

/**
 * Opens the direct conversation with `name` from the New message dialog, as a person does,
 * finding them by `search` (a prefix of the name tests the search too).
 */
export async function messagePerson(page: Page, name: string, search = name.toLowerCase()): Promise<void> {
  await page.getByRole('button', { name: 'New message' }).click();
  await page.getByLabel('Find people by name').fill(search);
  await page.getByRole('button', { name: `Message ${name}` }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: /^Message / });
  await box.fill(text);
  await box.press('Enter');
}

/**
 * Sends a message and waits until the server has it (its clock gone from the ticks). Use it before
 * another page starts listening where the message will show: the Firestore emulator can miss, for
 * good, a commit that races the start of a listen (README, `npm run listen-race`); production starts
 * a listen at a consistent snapshot.
 */
export async function sendMessageCommitted(page: Page, text: string): Promise<void> {
  await sendMessage(page, text);
  await messageItem(page, text)
    .getByText(/^(Sent|Delivered|Read|Seen by .+)$/)
    .waitFor(POLL);
}

/**
 * Makes the page report itself hidden (or visible again), as when the user switches tabs:
 * headless Chromium keeps every page visible, so the Page Visibility API is overridden.
 */
export async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/**
 * Records desktop notifications instead of showing them (headless Chromium has no notification
 * centre) in `window.shownNotifications`. Permission starts as "default" and is granted when the
 * page asks for it. Install with `context.addInitScript(recordNotifications)` before a page load.
 */
export function recordNotifications() {
  const shown: { title: string; body: string }[] = [];
  let permission: NotificationPermission = 'default';
  class RecordedNotification {
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body ?? '' });
    }
    static get permission() {
      return permission;
    }
    static async requestPermission() {
      permission = 'granted';
      return permission;
    }
  }
  Object.assign(window, { Notification: RecordedNotification, shownNotifications: shown });
}

/** The notifications recorded so far (see recordNotifications). */
export function shownNotifications(page: Page): Promise<{ title: string; body: string }[]> {
  return page.evaluate(
    () => (window as unknown as { shownNotifications: { title: string; body: string }[] }).shownNotifications,
  );
}

/** The unread total in the tab's title, "(3) Firechat", or 0 without one. */
export async function unreadInTitle(page: Page): Promise<number> {
  return Number(/^\((\d+)\+?\) Firechat$/.exec(await page.title())?.[1] ?? 0);
}

/** Signs out through the UI. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
}

/** Creates a room through the UI and waits for its conversation; returns the room id from the URL. */
export async function createRoom(
  page: Page,
  name: string,
  options: { topic?: string; private?: boolean } = {},
): Promise<string> {
  await page.getByRole('button', { name: 'New room' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a room' });
  await dialog.getByLabel('Room name').fill(name);
  if (options.topic) await dialog.getByLabel('Topic (optional)').fill(options.topic);
  if (options.private) await dialog.getByRole('radio', { name: /Private/ }).check();
  await dialog.getByRole('button', { name: 'Create room' }).click();
  await page.getByRole('heading', { name: `# ${name}` }).waitFor();
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
}

/** The sidebar link of a room (its name starts with "# name", or the person's name for a direct room). */
export function roomLink(page: Page, title: string) {
  return page
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('link', { name: new RegExp(`^(# )?${escapeRegExp(title)}( |$)`) });
}

/** What a screen reader hears of a sidebar link's unread badge: "3 unread", "99+ unread", or '' for none. */
export async function unreadOf(link: Locator): Promise<string> {
  const hidden = link.getByText(/^\d+\+? unread$/);
  return (await hidden.count()) === 0 ? '' : ((await hidden.textContent()) ?? '');
}

/** Leaves the open room through its header, confirming in the dialog. */
export async function leaveRoom(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Leave room' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Leave room' }).click();
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** The list item of the message whose text contains `text`. */
export function messageItem(page: Page, text: string) {
  return page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: text });
}

/** Opens a room by its address and waits for its composer. */
export async function openRoom(page: Page, roomId: string): Promise<void> {
  await page.goto(`/r/${roomId}`);
  await page.getByRole('textbox', { name: /^Message / }).waitFor();
}

/**
 * Waits until a page shows that its person, unmuted, can post again: the composer back in place
 * of the mute's notice. That moves what is below it (a "Not sent" item's Retry moved 337 px
 * across, 177 ms after the unmute; the room's "can post again" line, 4 s later, moved nothing),
 * so a click made before it can land while the button moves and reach nothing, as a person's would.
 */
export async function canPostAgain(page: Page): Promise<void> {
  await composer(page).waitFor();
}

/**
 * How long a locator or a poll waits for what a person would see: Playwright's 30 s default is
 * short on a busy shared machine, above all for what a trigger writes (vitest.config.ts,
 * BROWSER_TESTS, which gives polls the same). Each page gets it as its default.
 */
export const BROWSER_WAIT_MS = 90_000;

/** Options for expect.poll with room for a busy machine (its default gives up after one second). */
export const POLL = { timeout: BROWSER_WAIT_MS };

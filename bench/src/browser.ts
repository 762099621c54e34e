/**
 * Headless Chromium for the browser measurements, and what the benchmark watches in a page:
 * the Firestore traffic it sends (commits by path, listen targets) and when things are painted.
 */
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import type { BenchEnv } from './env';
import { CHROMIUM_ARGS } from '../../test/support/chromium';
import { channelRequests, committedWrites } from '../../test/support/webChannel';

export function launchBrowser(env: BenchEnv): Promise<Browser> {
  return chromium.launch({ executablePath: env.chromiumPath, args: CHROMIUM_ARGS });
}

export interface Commit {
  at: number;
  paths: string[];
  /** how many of its writes delete their document */
  deletes: number;
}

/**
 * Reads the Firestore SDK's requests as they leave the page (test/support/webChannel): a write
 * request with `writes` is one commit; a listen request adds or removes one target. The server's view of
 * a client's listeners is exactly the targets added on its current Listen stream and not
 * removed, so counting them needs no hook in the product.
 */
export class NetworkMeter {
  readonly commits: Commit[] = [];
  /** requests WebChannel sent again (a forward POST retried): counted once, here how often */
  retransmitted = 0;
  private readonly sent = new Set<string>();
  private readonly targets = new Map<number, string>();
  readonly started = performance.now();
  /** when the page last sent a listen or unlisten (performance.now()) */
  lastListenAt = 0;

  constructor(page: Page) {
    page.on('request', (request) => this.onRequest(request));
  }

  get activeTargets(): number {
    return this.targets.size;
  }

  targetDescriptions(): string[] {
    return [...this.targets.values()];
  }

  /**
   * Resolves once the page has sent no listen or unlisten for `quietMs` (or after `capMs`): the
   * SDK has caught up with what the page asked of it.
   */
  async quiet(quietMs: number, capMs: number): Promise<void> {
    const until = performance.now() + capMs;
    for (;;) {
      const left = this.lastListenAt + quietMs - performance.now();
      if (left <= 0 || performance.now() >= until) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, 100)));
    }
  }

  commitsTo(pattern: RegExp): Commit[] {
    return this.commits.filter((c) => c.paths.some((p) => pattern.test(p)));
  }

  private onRequest(request: Request): void {
    const requests = channelRequests(request.method(), request.url(), request.postData());
    const listens = requests.filter((r) => r.stream === 'listen');
    if (listens.length > 0) this.lastListenAt = performance.now();
    // A POST that opens a new Listen stream: the server's targets are the new stream's (the SDK
    // adds every listener again on it), and one removed while the old stream was down is never
    // removed by name.
    if (listens.some((r) => r.opensStream)) this.targets.clear();
    for (const { stream, id, payload } of requests) {
      if (id !== null && this.sent.has(id)) {
        this.retransmitted++;
        continue;
      }
      if (id !== null) this.sent.add(id);
      if (stream === 'write') this.onWrite(payload);
      else this.onListen(payload);
    }
  }

  private onWrite(payload: Record<string, unknown>): void {
    const writes = committedWrites(payload);
    if (writes.length === 0) return;
    this.commits.push({
      at: performance.now(),
      paths: writes.map((w) => w.path),
      deletes: writes.filter((w) => w.deleted).length,
    });
  }

  private onListen(payload: Record<string, unknown>): void {
    const add = payload.addTarget as { targetId?: number } | undefined;
    if (add?.targetId !== undefined) this.targets.set(add.targetId, JSON.stringify(add));
    const remove = payload.removeTarget as number | undefined;
    if (remove !== undefined) this.targets.delete(remove);
  }
}

/**
 * Installed in a page before its scripts run: records when text matching what the benchmark
 * waits for is first painted (the animation frame after the DOM node appears), and when buttons
 * and links are clicked, on the page's own clock plus its time origin so two pages of one
 * browser compare directly. For the split of a message's way between two pages it also records,
 * per watched token, when a Write request carrying it left the page (`sent`), when it first came
 * in on a Listen stream's response (`arrived`) and when it was put into the DOM (`inserted`): the
 * SDK's WebChannel streams are fetches, read as they send and as their responses grow.
 */
export function installPaintProbe(): void {
  interface Probe {
    watch: Record<string, number | null>;
    sent: Record<string, number>;
    arrived: Record<string, number>;
    inserted: Record<string, number>;
    clicks: number[];
    /** ms since navigation when the first message of any room was painted */
    firstMessage: number | null;
  }
  const probe: Probe = { watch: {}, sent: {}, arrived: {}, inserted: {}, clicks: [], firstMessage: null };
  (window as unknown as { __bench: Probe }).__bench = probe;
  const now = () => performance.timeOrigin + performance.now();
  const check = (text: string) => {
    for (const token of Object.keys(probe.watch)) {
      if (probe.watch[token] === null && text.includes(token)) {
        probe.watch[token] = -1;
        probe.inserted[token] = now();
        requestAnimationFrame(() => (probe.watch[token] = now()));
      }
    }
  };
  /** the first time a watched token shows in `text`, into `into` */
  const seen = (text: string, into: Record<string, number>) => {
    for (const token of Object.keys(probe.watch))
      if (into[token] === undefined && text.includes(token)) into[token] = now();
  };
  // The SDK's WebChannel builds a Request with its body as a string and fetches it: the body is
  // kept as the Request is made (reading it later would turn it into a stream, which the
  // benchmark's network meter can no longer read)
  const bodies = new WeakMap<globalThis.Request, string>();
  const NativeRequest = window.Request;
  window.Request = class extends NativeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(input, init);
      if (typeof init?.body === 'string') bodies.set(this, init.body);
    }
  };
  const fetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.includes('/google.firestore.v1.Firestore/Write/')) {
      const body = input instanceof NativeRequest ? bodies.get(input) : init?.body;
      if (typeof body === 'string') seen(body, probe.sent);
    }
    const response = await fetch(input, init);
    if (url.includes('/google.firestore.v1.Firestore/Listen/') && response.body) {
      // a copy of the stream, read as it grows (the SDK reads the original)
      const reader = response.clone().body!.getReader();
      const decoder = new TextDecoder();
      void (async () => {
        for (;;) {
          const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
          if (done) return;
          seen(decoder.decode(value, { stream: true }), probe.arrived);
        }
      })();
    }
    return response;
  };
  new MutationObserver((records) => {
    // the chat's message list, or what a page of another app says is its own (floorPages.ts)
    const first =
      (window as unknown as { __benchFirstMessage?: string }).__benchFirstMessage ?? '[aria-label="Messages"] li';
    if (probe.firstMessage === null && document.querySelector(first)) {
      probe.firstMessage = -1;
      requestAnimationFrame(() => (probe.firstMessage = performance.now()));
    }
    for (const record of records) {
      for (const node of record.addedNodes) check(node.textContent ?? '');
      if (record.type === 'characterData') check(record.target.textContent ?? '');
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('click', () => probe.clicks.push(now()), true);
}

/** Starts watching for `token` in the page; `paintedAt` later returns when it was painted. */
export async function watchFor(page: Page, token: string): Promise<void> {
  await page.evaluate((t) => {
    const probe = (window as unknown as { __bench: { watch: Record<string, number | null> } }).__bench;
    probe.watch[t] = document.body.textContent?.includes(t) ? -2 : null;
  }, token);
}

export async function paintedAt(page: Page, token: string, timeoutMs = 20_000): Promise<number> {
  const handle = await page.waitForFunction(
    (t) => {
      const v = (window as unknown as { __bench: { watch: Record<string, number | null> } }).__bench.watch[t];
      return typeof v === 'number' && v > 0 ? v : null;
    },
    token,
    { timeout: timeoutMs, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
}

/** A watched token's way through a page: when a write carrying it left, when it came in on a listen, when it was put into the DOM. */
export async function tokenTimes(
  page: Page,
  token: string,
): Promise<{ sent: number | null; arrived: number | null; inserted: number | null }> {
  return page.evaluate((t) => {
    const probe = (
      window as unknown as {
        __bench: { sent: Record<string, number>; arrived: Record<string, number>; inserted: Record<string, number> };
      }
    ).__bench;
    return { sent: probe.sent[t] ?? null, arrived: probe.arrived[t] ?? null, inserted: probe.inserted[t] ?? null };
  }, token);
}

export async function firstMessagePainted(page: Page, timeoutMs = 30_000): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const v = (window as unknown as { __bench: { firstMessage: number | null } }).__bench.firstMessage;
      return typeof v === 'number' && v > 0 ? v : null;
    },
    undefined,
    { timeout: timeoutMs, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
}

export async function lastClick(page: Page): Promise<number> {
  return page.evaluate(() => {
    const clicks = (window as unknown as { __bench: { clicks: number[] } }).__bench.clicks;
    return clicks[clicks.length - 1] ?? Number.NaN;
  });
}

/** A page in its own context (its own storage, so its own user and cache) with the probe installed; the app's unless `baseURL` says otherwise. */
export async function probedPage(
  browser: Browser,
  env: BenchEnv,
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>,
  baseURL = env.hostingUrl,
) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    ...(storageState ? { storageState } : {}),
  });
  await context.addInitScript(installPaintProbe);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  /** the page's console warnings and errors (the SDK's stream trouble, refused listeners), timed */
  const warnings: Array<{ at: number; text: string }> = [];
  page.on('console', (message) => {
    if (message.type() !== 'warning' && message.type() !== 'error') return;
    warnings.push({ at: Date.now(), text: message.text().slice(0, 300) });
    if (warnings.length > 200) warnings.shift();
  });
  return { context, page, meter: new NetworkMeter(page), errors, warnings };
}

export type ProbedPage = Awaited<ReturnType<typeof probedPage>>;

/** Signs up through the UI, as a person does (and as the end-to-end tests do). */
export async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill('bench-pass-1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('textbox', { name: /^Message / }).waitFor();
}

/** The storage state of a signed-in context with only Auth's database: signed in, nothing cached. */
export async function signedInOnly(context: BrowserContext) {
  type Origin = { indexedDB?: Array<{ name: string }> };
  const state = await context.storageState({ indexedDB: true });
  return {
    ...state,
    origins: state.origins.map((o) => ({
      ...o,
      indexedDB: ((o as Origin).indexedDB ?? []).filter((db) => db.name === 'firebaseLocalStorageDb'),
    })),
  };
}

/**
 * Browser to browser, and load, on the bare SDK: the floor app (bench/floor-app: Vue, Pinia, the
 * Firestore SDK with the same persistent multi-tab cache as the chat, one live query and a batched
 * write), built against the emulators, served by a plain static server and open in two pages
 * signed in as two people of the floor's project, whose rules check nothing but the sign-in. The
 * clicks, the probe and the split are the app's figure's (measureBrowserToBrowser), so the two
 * figures side by side say what the SDK, the emulator and this machine cost on their own, and what
 * the app adds. Navigation to the first message likewise, beside the app's load figures.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { paintedAt, probedPage, watchFor, type ProbedPage } from './browser';
import {
  measureBrowserToBrowser,
  measureLoad,
  type B2bFigure,
  type BrowserOptions,
  type LoadFigure,
} from './browserScenarios';
import type { BenchEnv } from './env';
import { sleep } from './stats';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The floor app built against this run's emulators and the floor's project, into `.cache`. */
function buildFloor(env: BenchEnv): string {
  const outDir = resolve('.cache', `bench-floor-pages-${env.ports.firestore}`);
  const result = spawnSync(
    'npx',
    [
      'vite',
      'build',
      '--logLevel',
      'warn',
      '--config',
      'bench/floor-app/vite.config.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        VITE_FLOOR_EMULATORS: `127.0.0.1:${env.ports.firestore}:${env.ports.auth}`,
        VITE_FLOOR_PROJECT: env.floorProjectId,
      },
    },
  );
  if (result.status !== 0) throw new Error(`Building the floor app for two pages failed: ${result.stderr}`);
  return outDir;
}

/**
 * Serves `root` on a free local port: its files, and index.html for `/`. A few lines of node:http
 * rather than a dependency: it serves one trusted build's files to the benchmark's own pages.
 */
async function serve(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://floor').pathname;
    const file = join(root, path === '/' ? 'index.html' : path);
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** An account in the Auth emulator, made as the client SDK's sign-up makes it. */
async function signUpAccount(env: BenchEnv, email: string, password: string): Promise<void> {
  const response = await fetch(
    `http://127.0.0.1:${env.ports.auth}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-api-key`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, returnSecureToken: true }),
    },
  );
  if (!response.ok) throw new Error(`Signing up ${email} for the floor failed: ${await response.text()}`);
}

const sendFromFloor = async (page: Page, text: string) => {
  await page.locator('input').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
};

/** The floor's list: its first item is the newest message. */
const FLOOR_FIRST_MESSAGE = 'main > ul > li';

/**
 * Opens the floor in two pages (each its own context, storage and cache) signed in as the floor's
 * two people, each keeping the listen targets asked of it (`?targets=`), and waits until a message
 * from one is painted in both (both listeners live).
 */
async function floorPair(
  browser: Browser,
  env: BenchEnv,
  url: string,
  ready: string,
  targets: readonly [number, number] = [1, 1],
): Promise<[ProbedPage, ProbedPage]> {
  const pages: ProbedPage[] = [];
  try {
    for (const [i, who] of (['a', 'b'] as const).entries()) {
      const page = await probedPage(browser, env, undefined, url);
      pages.push(page);
      const account = { email: `floor.${who}.${env.runId}@example.com`, password: 'floor-pass-1' };
      await page.page.goto(`/?${new URLSearchParams({ ...account, targets: String(targets[i]) }).toString()}`);
    }
    // signed in: the page's live query starts only then (a write before it would be refused)
    const deadline = Date.now() + 60_000;
    while (pages.some((p, i) => p.meter.activeTargets < targets[i]!)) {
      if (Date.now() > deadline) throw new Error('The floor pages never started their listeners (signed in?)');
      await sleep(50);
    }
    const [a, b] = pages as [ProbedPage, ProbedPage];
    await Promise.all([watchFor(a.page, ready), watchFor(b.page, ready)]);
    await sendFromFloor(a.page, `ready ${ready}`);
    await Promise.all([paintedAt(a.page, ready, 60_000), paintedAt(b.page, ready, 60_000)]);
    return [a, b];
  } catch (error) {
    for (const page of pages) await page.context.close();
    throw error;
  }
}

/** Browser to browser on the floor, beside the app's, and with the app's listen targets. */
export interface FloorFigures {
  b2b: B2bFigure;
  /** the same, the floor's pages keeping as many listen targets as the chat's sender and reader */
  b2bTargets: B2bFigure & { targets: readonly [number, number] };
  load: LoadFigure;
}

/**
 * Measures browser to browser on the floor as the app's figure does, then navigation to the first
 * message as the app's load figures do (a page signed in as the first one, cold and then
 * reloaded), over the messages just sent; then browser to browser again in two more pages that
 * keep the listen targets the chat's pages kept (`targets`, sender's and reader's): the bare
 * SDK's cost of that many targets, on the same clicks, beside the app's.
 */
export async function measureFloor(
  browser: Browser,
  env: BenchEnv,
  tag: string,
  options: BrowserOptions,
  targets: readonly [number, number],
): Promise<FloorFigures> {
  const { url, server } = await serve(buildFloor(env));
  try {
    for (const who of ['a', 'b']) await signUpAccount(env, `floor.${who}.${env.runId}@example.com`, 'floor-pass-1');
    const pair = await floorPair(browser, env, url, `${tag}floorready`);
    let b2b: B2bFigure;
    let load: LoadFigure;
    try {
      b2b = await measureBrowserToBrowser(pair[0], pair[1], `${tag}f`, options, sendFromFloor);
      load = await measureLoad(browser, env, pair[0], '/', options.loadRuns, options.loadWarmup, {
        baseURL: url,
        firstMessage: FLOOR_FIRST_MESSAGE,
      });
    } finally {
      for (const page of pair) await page.context.close();
    }
    const many = await floorPair(browser, env, url, `${tag}floortargets`, targets);
    try {
      const b2bTargets = await measureBrowserToBrowser(many[0], many[1], `${tag}g`, options, sendFromFloor);
      return { b2b, load, b2bTargets: { ...b2bTargets, targets } };
    } finally {
      for (const page of many) await page.context.close();
    }
  } finally {
    await new Promise((done) => server.close(done));
  }
}

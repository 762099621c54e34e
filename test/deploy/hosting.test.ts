/**
 * The site as `firebase deploy` uploads it: the hosting predeploy's build, the files the CLI lists
 * from the public dir, and the production CSP from firebase.json judged by Chromium itself against
 * every request the app and the Firebase SDKs make in production. Chromium resolves no host but
 * 127.0.0.1 here, so nothing leaves the machine: a request the CSP allows fails on the network,
 * one it refuses raises a violation first.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorHostsIn } from '../../scripts/lib/web-build.mjs';
import { functionsRegion } from '../../scripts/lib/web-config.mjs';
import { CHROMIUM_ARGS } from '../support/chromium';
import { serveHosting } from './support/server';
import { CHECK_PROJECT, ROOT, hostingFiles, loadFirebaseJson, runPredeploy, shellEnv } from './support/tools';

type Kind = 'connect' | 'script' | 'frame' | 'img';

interface Request {
  what: string;
  kind: Kind;
  /** absolute, or a path on the site's own origin */
  url: string;
  /** what in the built code makes this request, so the table follows the SDKs it was written from */
  evidence: Array<string | RegExp>;
}

const P = CHECK_PROJECT;
const FIRESTORE = 'https://firestore.googleapis.com';

/**
 * Every request the production app makes from its pages, as the SDKs in node_modules build them
 * (grep @firebase/firestore, @firebase/auth and @firebase/functions for the hosts; the evidence
 * strings are what the bundle must contain for each).
 */
const PRODUCTION_REQUESTS: Request[] = [
  {
    what: 'Firestore listeners and writes (WebChannel streams)',
    kind: 'connect',
    url: `${FIRESTORE}/google.firestore.v1.Firestore/Listen/channel?database=projects%2F${P}%2Fdatabases%2F(default)&VER=8`,
    evidence: ['firestore.googleapis.com', 'google.firestore.v1.Firestore', '/channel'],
  },
  {
    what: 'Firestore count() for unread badges (REST)',
    kind: 'connect',
    url: `${FIRESTORE}/v1/projects/${P}/databases/(default)/documents:runAggregationQuery`,
    evidence: ['runAggregationQuery'],
  },
  {
    what: 'Auth sign-in, sign-up and account calls',
    kind: 'connect',
    url: 'https://identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=k',
    evidence: ['identitytoolkit.googleapis.com', 'accounts:signInWithPassword'],
  },
  {
    what: 'Auth ID token refresh',
    kind: 'connect',
    url: 'https://securetoken.googleapis.com/v1/token?key=k',
    evidence: ['securetoken.googleapis.com', '/v1/token'],
  },
  {
    what: "the web config Hosting serves for the site's project",
    kind: 'connect',
    url: '/__/firebase/init.json',
    evidence: ['/__/firebase/init.json'],
  },
  {
    what: "Google sign-in: the gapi loader Auth's popup flow injects",
    kind: 'script',
    url: 'https://apis.google.com/js/api.js?onload=__iframefcb',
    evidence: ['https://apis.google.com/js/api.js'],
  },
  {
    what: "Google sign-in: Auth's iframe on the authDomain (<project>.firebaseapp.com in Hosting's config)",
    kind: 'frame',
    url: `https://${P}.firebaseapp.com/__/auth/iframe?apiKey=k&appName=%5BDEFAULT%5D`,
    evidence: ['__/auth/iframe'],
  },
  {
    what: "Google profile photos (a Google account's photoURL)",
    kind: 'img',
    url: 'https://lh3.googleusercontent.com/a/ACg8ocK-photo=s96-c',
    evidence: [],
  },
];

const VIA_HOSTING = /[`'"]\/api[`'"]/;

/**
 * The callable: through the Hosting rewrite when the build calls its own origin's /api, else at
 * the Functions SDK's default, https://<region>-<project>.cloudfunctions.net/<name>.
 */
function callableRequest(code: string): Request {
  const region = functionsRegion(join(ROOT, 'functions'), P) ?? 'us-central1';
  return VIA_HOSTING.test(code)
    ? {
        what: 'the moderateMessage callable, through the Hosting rewrite',
        kind: 'connect',
        url: '/api/moderateMessage',
        evidence: ['moderateMessage'],
      }
    : {
        what: 'the moderateMessage callable, at the Functions origin',
        kind: 'connect',
        url: `https://${region}-${P}.cloudfunctions.net/moderateMessage`,
        evidence: ['moderateMessage', 'cloudfunctions.net'],
      };
}

/** What the production CSP must refuse, one per kind: proves the probes can see a refusal. */
const MUST_BLOCK: Request[] = (['connect', 'script', 'frame', 'img'] as const).map((kind) => ({
  what: `an unknown origin (${kind})`,
  kind,
  url: `https://${kind}.evil.example.com/`,
  evidence: [],
}));

/**
 * Every URL and Google host the built code mentions must be one the table above covers, or one
 * the app never requests from its pages, and why. A host a new SDK version starts calling fails here.
 */
const MENTIONS: Array<{ pattern: RegExp; called: boolean; why: string }> = [
  { pattern: /^(firestore|identitytoolkit|securetoken)\.googleapis\.com$/, called: true, why: 'Firestore and Auth' },
  {
    pattern: /^https:\/\/firestore\.googleapis\.com\/v1\/projects\/\$\{[^}]+\}\/databases\/\(default\)\/documents$/,
    called: true,
    why: "a closing tab's offline presence write, over Firestore's REST API with fetch keepalive (the host Firestore already uses)",
  },
  { pattern: /^(https:\/\/)?apis\.google\.com(\/js\/api\.js)?$/, called: true, why: 'Google sign-in loader' },
  {
    pattern: /^https:\/\/\$\{[^}]+\.authDomain\}\/\$\{[^}]+\}$/,
    called: true,
    why: "Auth's iframe and the sign-in popup's page on the authDomain",
  },
  {
    pattern: /^https:\/\/\$\{[^}]+\}-\$\{[^}]+\}\.cloudfunctions\.net\/\$\{[^}]+\}$/,
    called: false,
    why: 'the Functions SDK default URL; callables go through Hosting at /api',
  },
  { pattern: /^https:\/\/\$\{[^}]+\}$/, called: false, why: 'connectFirestoreEmulator: emulator builds only' },
  {
    pattern: /^(staging|test)-identitytoolkit\.sandbox\.googleapis\.com$/,
    called: false,
    why: "Google's own staging endpoints, chosen only by setting them as apiHost",
  },
  { pattern: /^type\.googleapis\.com$/, called: false, why: 'protobuf type names, not hosts' },
  {
    pattern: /^(https:\/\/)?www\.google\.com(\/recaptcha\/(api|enterprise)\.js.*)?$/,
    called: false,
    why: 'reCAPTCHA, for phone sign-in (unused) and App Check, which a build without VITE_APPCHECK_SITE_KEY leaves out',
  },
  {
    pattern: /^(https:\/\/)?securetoken\.google\.com(\/\$\{[^}]+\})?$/,
    called: false,
    why: 'the issuer Auth writes into emulator mock tokens',
  },
  {
    pattern: /^https:\/\/(stackoverflow\.com|vuejs\.org|github\.com\/markedjs\/marked|bit\.ly\/wb-)/,
    called: false,
    why: "links in error messages (Vue's, marked's, Workbox's)",
  },
  {
    pattern: /^https:\/\/cdn\.jsdelivr\.net\/npm\/emoji-picker-element-data@/,
    called: false,
    why: "emoji-picker-element's default data source; the app gives it its own (a hashed asset of the site)",
  },
  { pattern: /^http:\/\/www\.w3\.org\//, called: false, why: 'XML namespaces' },
  { pattern: /^http:\/\/localhost$/, called: false, why: "Auth's placeholder OAuth requestUri for non-web platforms" },
];

const URL_LITERAL = /(?:https?|wss?):\/\/[^\s`"'<>\\]+/g;
const GOOGLE_HOST =
  /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:googleapis\.com|google\.com|gstatic\.com|googleusercontent\.com|firebaseapp\.com|firebaseio\.com|cloudfunctions\.net|web\.app|run\.app|appspot\.com|firebasestorage\.app)\b/g;

function productionCsp(): string {
  const headers = loadFirebaseJson().src.hosting.headers ?? [];
  const csp = headers.find((b) => b.source === '**')?.headers.find((h) => h.key === 'Content-Security-Policy')?.value;
  if (!csp) throw new Error('firebase.json sets no Content-Security-Policy for **');
  return csp;
}

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // no DNS but loopback: an allowed request fails on the network and never leaves the machine
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
}

describe('the site as firebase deploy uploads it', () => {
  let dir: string;
  let files: string[];
  let code: string;
  let browser: Browser;

  let builtSince: number;

  beforeAll(async () => {
    builtSince = Date.now();
    await runPredeploy('hosting', shellEnv());
    ({ dir, files } = hostingFiles());
    code = files
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(dir, file), 'utf8'))
      .join('\n');
    browser = await launch();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('uploads a production build that its predeploy made just now: the page, its hashed assets, no dotfiles', () => {
    expect(files).toContain('index.html');
    // whatever an earlier `npm start` or test run left in the public dir must not be what ships
    expect(
      statSync(join(dir, 'index.html')).mtimeMs,
      'firebase.json has no hosting predeploy that builds it',
    ).toBeGreaterThanOrEqual(builtSince - 1000);
    expect(files.some((file) => /^assets\/index-[\w-]+\.js$/.test(file))).toBe(true);
    expect(files.filter((file) => file.split('/').some((part) => part.startsWith('.')))).toEqual([]);
  });

  it('carries no App Check code when the build names no site key, so its CSP needs no reCAPTCHA', () => {
    expect(code).not.toContain('content-firebaseappcheck');
  });

  it("leaves out re2js, the Firestore SDK's regular expressions for client-side pipelines, which the app never runs", () => {
    // web/src/lib/noRe2js.ts stands in for it: 43 KB gzip of the chat screen's first download
    expect(code).not.toContain('RE2JSSyntaxException');
    expect(code).toContain('re2js is left out of the build');
  });

  it('names no emulator host, in the build or in the production CSP', () => {
    expect(emulatorHostsIn(dir)).toEqual([]);
    expect(productionCsp()).not.toMatch(/127\.0\.0\.1|localhost|\[::1\]/);
  });

  it('makes each production request the table lists: the SDK code for it is in the build', () => {
    const missing = [...PRODUCTION_REQUESTS, callableRequest(code)].flatMap((request) =>
      request.evidence
        .filter((needle) => (typeof needle === 'string' ? !code.includes(needle) : !needle.test(code)))
        .map((needle) => `${request.what}: ${String(needle)}`),
    );
    expect(missing).toEqual([]);
  });

  it('accounts for every URL and Google host the built code mentions', () => {
    const mentions = new Set([...code.matchAll(URL_LITERAL), ...code.matchAll(GOOGLE_HOST)].map((m) => m[0]));
    const unknown = [...mentions].filter((mention) => !MENTIONS.some((known) => known.pattern.test(mention)));
    expect(
      unknown,
      'a request the production app may make: allow it in the CSP and list it, or say why it is never made',
    ).toEqual([]);
  });

  it('allows every production request under the production CSP, and refuses an unknown origin', async () => {
    const site = await serveHosting(dir, loadFirebaseJson().src.hosting.headers ?? [], null);
    try {
      const page = await browser.newPage();
      await page.goto(`${site.origin}/__probe`);
      const violations = await page.evaluate(
        async ({ requests, blocked }) => {
          const seen: Array<{ url: string; directive: string }> = [];
          document.addEventListener('securitypolicyviolation', (e) =>
            seen.push({ url: e.blockedURI, directive: e.effectiveDirective }),
          );
          const start = (kind: string, url: string) => {
            if (kind === 'connect') {
              void fetch(url, { method: 'POST', mode: 'no-cors' }).catch(() => undefined);
              return;
            }
            // in the document, so nothing can collect an element before its request is judged
            const element = document.createElement(kind === 'img' ? 'img' : kind === 'script' ? 'script' : 'iframe');
            element.src = url;
            document.body.append(element);
          };
          for (const r of requests) start(r.kind, r.url);
          // the refusals come last, so once all of them are reported the requests before them were judged
          for (const r of blocked) start(r.kind, r.url);
          // a report may carry less than a full URL (a bare scheme, an origin): never throw on it
          const origin = (url: string) => {
            try {
              return new URL(url).origin;
            } catch {
              return url;
            }
          };
          // bounded so that a refusal never reported fails below, naming it, instead of hanging
          const deadline = Date.now() + 30_000;
          await new Promise<void>((resolve) => {
            const check = () =>
              blocked.every((b) => seen.some((v) => origin(v.url) === origin(b.url))) || Date.now() > deadline
                ? resolve()
                : setTimeout(check, 20);
            check();
          });
          return seen;
        },
        { requests: [...PRODUCTION_REQUESTS, callableRequest(code)], blocked: MUST_BLOCK },
      );
      // a request's URL may be a path on the site; a report's is absolute (or less, then it matches nothing)
      const refused = (request: Request) =>
        violations.some((v) => (URL.parse(v.url)?.origin ?? v.url) === new URL(request.url, site.origin).origin);
      expect(
        [...PRODUCTION_REQUESTS, callableRequest(code)].filter(refused).map((r) => `${r.what} (${r.url})`),
      ).toEqual([]);
      expect(
        MUST_BLOCK.filter((r) => !refused(r)).map((r) => r.what),
        JSON.stringify(violations),
      ).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('starts from the config Hosting serves, under the production CSP', async () => {
    const site = await serveHosting(dir, loadFirebaseJson().src.hosting.headers ?? [], {
      projectId: P,
      apiKey: 'deploy-check-key',
      authDomain: `${P}.firebaseapp.com`,
      storageBucket: `${P}.appspot.com`,
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${site.origin}/`);
      await page.getByRole('button', { name: 'New here? Create an account' }).waitFor();
      expect(problems).toEqual([]);
      // fetched once: the app's request took the response index.html's preload started
      const fetches = await page.evaluate(
        () => performance.getEntriesByName(new URL('/__/firebase/init.json', location.href).href).length,
      );
      expect(fetches).toBe(1);
      await page.close();
    } finally {
      await site.close();
    }
  });

  it('says in one line what is missing when no config is served, instead of running on made-up values', async () => {
    const site = await serveHosting(dir, loadFirebaseJson().src.hosting.headers ?? [], null);
    try {
      const page = await browser.newPage();
      await page.goto(`${site.origin}/`);
      const message = /could not load its Firebase configuration from \/__\/firebase\/init\.json/;
      await page.getByRole('alert').filter({ hasText: message }).waitFor({ timeout: 30_000 });
      // the whole page is that one line: nothing ran on made-up values behind it
      expect((await page.locator('#app').innerText()).trim().split('\n')).toHaveLength(1);
      await page.close();
    } finally {
      await site.close();
    }
  });
});

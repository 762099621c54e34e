import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/emulators.mjs';
import { eventually, ports } from '../support/env';
import { shellEnv } from '../support/shell';
import { launchBrowser, newPage } from './support/browser';

/**
 * `npm start` as a developer runs it, on ports of its own (this run's base + 20) and a data folder
 * of its own: the production build it advertises on the Hosting emulator must work against its
 * emulators, and callables must reach the functions the way production serves them (/api).
 */
describe('npm start', () => {
  let start: ChildProcess;
  let output = '';
  let dataDir: string;
  let browser: Browser;
  const exited = () => start.exitCode !== null || start.signalCode !== null;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'firechat-start-'));
    start = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
      cwd: ROOT,
      env: { ...shellEnv(), CHAT_START_PORT_BASE: String(ports.auth + 20), CHAT_START_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      () => {
        if (exited()) throw new Error(`npm start exited: ${output.slice(-2000)}`);
        return output.includes('Firechat is running') ? true : undefined;
      },
      'npm start to say it is running',
      240_000,
    );
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (start && !exited()) {
      const done = new Promise((resolve) => start.once('exit', resolve));
      start.kill('SIGINT');
      await done;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  const url = (label: string) => {
    const found = new RegExp(`${label}:\\s+(http://\\S+?)/?\\s`).exec(output)?.[1];
    if (!found) throw new Error(`npm start printed no "${label}" URL:\n${output}`);
    return found;
  };

  it('signs a demo user in on the production build it advertises, under its CSP', async () => {
    // the suite's page: its wait (the first sign-in on emulators just started, on a busy machine,
    // has taken 20 s) and its account of what the page showed if the chat never came
    const { context, page } = await newPage(browser, undefined, { baseURL: url('Production build') });
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await page.goto('/');
    await page.getByLabel('E-mail').fill('ana@example.com');
    await page.getByLabel('Password').fill('password123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const chat = page.getByRole('textbox', { name: /^Message #/ });
    // the chat, or the form's error (a page that cannot reach the emulators says so)
    await chat.or(page.getByRole('alert')).first().waitFor();
    expect(refused).toEqual([]);
    expect(
      await chat.isVisible(),
      await page
        .getByRole('alert')
        .allTextContents()
        .then((t) => t.join(' ')),
    ).toBe(true);
    await context.close();
  });

  it.each([
    { name: 'production build', label: 'Production build' },
    { name: 'dev server', label: 'Chat \\(dev server\\)' },
  ])('reaches the callables at /api from the $name', async ({ label }) => {
    // no ID token: the callable itself answers, which proves the request got through to it
    const response = await fetch(`${url(label)}/api/moderateMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: {} }),
    });
    // a missing rewrite would serve the app's index.html instead
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ error: { status: 'UNAUTHENTICATED' } });
  });
});

import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { suiteBrowser, newPage, newUser, screenshot, signUp } from './support/browser';

const browser = await suiteBrowser();

describe('look and layout', () => {
  it('keeps the sign-in screen small: no Firestore code is loaded before signing in', async () => {
    const { page, context } = await newPage(browser);
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((r) => r.name)
        .filter((n) => n.endsWith('.js')),
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const url of scripts) {
      const code = await (await fetch(url)).text();
      expect(code.includes('firestore.googleapis.com'), url).toBe(false);
    }
    await context.close();
  });

  it('shows one pane at a time on a phone, with navigation between rooms and conversation', async () => {
    const { page, context } = await newPage(browser, { width: 390, height: 844 });
    await page.goto('/');
    await screenshot(page, 'signin-390x844');
    await signUp(page, newUser('Phone'));
    const rooms = page.getByRole('navigation', { name: 'Rooms' });
    expect(await rooms.isVisible()).toBe(false);
    await screenshot(page, 'chat-390x844');

    await page.getByRole('link', { name: 'Back to rooms' }).click();
    await rooms.waitFor();
    expect(await page.getByRole('textbox', { name: /^Message #/ }).count()).toBe(0);
    await screenshot(page, 'rooms-390x844');
    await rooms.getByRole('link', { name: /^# general/ }).click();
    await page.getByRole('textbox', { name: /^Message #/ }).waitFor();
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('shows the sidebar beside the conversation on a desktop, follows the dark system theme and works by keyboard', async () => {
    const { page, context: desktop } = await newPage(browser);
    await page.emulateMedia({ colorScheme: 'dark' });
    await signUp(page, newUser('Desk'));
    await page.getByRole('navigation', { name: 'Rooms' }).waitFor();
    expect(await page.getByRole('link', { name: 'Back to rooms' }).isVisible()).toBe(false);
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(21, 23, 28)');
    await screenshot(page, 'chat-desktop-dark-1280x800');

    // Keyboard only: reach "New room", create a room, with a visible focus ring on the way. From the
    // top of the sidebar, not backwards from the composer: that path crosses every message shown in
    // the shared #general, which other suites fill, so its length is not this test's to know.
    await page.getByRole('button', { name: /your profile/ }).focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'New room');
    }
    expect(reached).toBe(true);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    // the dialog has the focus once it is there (its code loads on first use)
    await page.getByRole('dialog', { name: 'Create a room' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    const name = `Keys ${uniqueId().slice(-6)}`;
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `# ${name}` }).waitFor();
    await desktop.close();
  });
});

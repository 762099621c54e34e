import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { suiteBrowser, newPage, screenshot, sendMessage, signedUpPerson } from './support/browser';

const browser = await suiteBrowser();

describe('first vertical slice', () => {
  it("signs up two people who land in #general and see each other's messages live, after reload too", async () => {
    const ana = await signedUpPerson(browser, 'Ana');
    const ben = await signedUpPerson(browser, 'Ben');
    await expect.poll(() => new URL(ana.page.url()).pathname).toBe('/r/general');
    await ana.page.getByRole('heading', { name: '# general' }).waitFor();

    const text = `hello from ana ${uniqueId()}`;
    await sendMessage(ana.page, text);
    // Ben sees it without reloading.
    const onBen = ben.page.getByRole('list', { name: 'Messages' }).getByText(text);
    await onBen.waitFor();
    // The message carries a server timestamp (a <time> with an ISO date), and survives a reload.
    const item = ben.page.getByRole('listitem').filter({ hasText: text });
    await expect.poll(async () => item.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect.poll(async () => item.getByText('sending…').count()).toBe(0);
    await screenshot(ben.page, 'first-message-1280x800');

    await ben.page.reload();
    await ben.page.getByRole('list', { name: 'Messages' }).getByText(text).waitFor();
    expect(await ben.page.getByRole('list', { name: 'Messages' }).getByText(text).count()).toBe(1);
    await ana.context.close();
    await ben.context.close();
  });

  it('explains a wrong password in words', async () => {
    const { page, context } = await newPage(browser);
    await page.goto('/');
    await page.getByLabel('E-mail').fill(`nobody.${uniqueId()}@example.com`);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/wrong|no account/i);
    await context.close();
  });
});

import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { seriousViolations } from './support/axe';
import { suiteBrowser, newPage, newUser, screenshot, sendMessage, signUp } from './support/browser';

const browser = await suiteBrowser();

describe('accessibility', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violations on sign-in and chat (${scheme})`, async () => {
      const { page, context } = await newPage(browser);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/');
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await signUp(page, newUser('Axe'));
      // every test user lands in #general: a text of its own finds this test's message only
      const text = `checking contrast ${scheme} ${uniqueId()}`;
      await sendMessage(page, text);
      await page.getByRole('list', { name: 'Messages' }).getByText(text).waitFor();
      await page.getByRole('button', { name: /^Members/ }).click();
      await page.getByRole('complementary', { name: 'Members' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `chat-${scheme}-1280x800`);
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await seriousViolations(page)).toEqual([]);

      // a thread: a panel beside the conversation on a wide screen, the whole screen on a phone
      await page.setViewportSize({ width: 1280, height: 800 });
      const message = page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: text });
      await message.getByRole('button', { name: 'Reply in thread' }).focus();
      await page.keyboard.press('Enter');
      const thread = page.getByRole('complementary', { name: /^Thread in / });
      const reply = `in the thread ${scheme} ${uniqueId()}`;
      await thread.getByRole('textbox', { name: 'Reply…' }).fill(reply);
      await thread.getByRole('textbox', { name: 'Reply…' }).press('Enter');
      await thread.getByRole('list', { name: 'Replies' }).getByText(reply).waitFor();
      await page.getByRole('list', { name: 'Messages' }).getByRole('button', { name: /^1 reply/ }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `thread-${scheme}-1280x800`);
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    });
  }
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { suiteBrowser, setHidden, signOut, signedUpPerson } from './support/browser';

/** What Ben's member list says about someone. */
function statusOf(page: Page, name: string) {
  return page.getByRole('complementary', { name: 'Members' }).getByRole('listitem').filter({ hasText: name }).first();
}

/** The Web Locks held and waited for under the presence leader's name, across the context's tabs. */
async function leaderLocks(page: Page): Promise<{ held: number; pending: number }> {
  return page.evaluate(async () => {
    const state = await navigator.locks.query();
    const mine = (l: LockInfo) => l.name === 'firechat-presence-leader';
    return { held: (state.held ?? []).filter(mine).length, pending: (state.pending ?? []).filter(mine).length };
  });
}

const browser = await suiteBrowser();

describe('presence', () => {
  it('shows online, away when every tab is hidden, and last seen after sign-out; one tab of several writes', async () => {
    const ana = await signedUpPerson(browser, 'Ana');
    const ben = await signedUpPerson(browser, 'Ben');
    await ben.page.getByRole('button', { name: /^Members/ }).click();
    await statusOf(ben.page, ana.user.name).getByText('Online').waitFor();

    // A second tab of Ana's: one leader holds the lock, the other waits for it.
    const second = await ana.context.newPage();
    await second.goto('/r/general');
    await second.getByRole('textbox', { name: /^Message / }).waitFor();
    await expect.poll(() => leaderLocks(second)).toEqual({ held: 1, pending: 1 });

    // Both hidden: away. Showing only the second tab brings Ana back online, whichever tab leads.
    await setHidden(ana.page, true);
    await setHidden(second, true);
    await statusOf(ben.page, ana.user.name).getByText('Away').waitFor();
    await setHidden(second, false);
    await statusOf(ben.page, ana.user.name).getByText('Online').waitFor();
    await second.close();

    await setHidden(ana.page, false);
    await signOut(ana.page);
    await statusOf(ben.page, ana.user.name)
      .getByText(/Last seen/)
      .waitFor();
    await ana.context.close();
    await ben.context.close();
  });
});

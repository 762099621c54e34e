import { NEUTRAL_NAME, RENAME_COUNT } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import { ports, projectId, uniqueId } from '../support/env';
import { adminAuth, adminDb, fillRing, signInThroughUi } from './support/admin';
import {
  suiteBrowser,
  messageItem,
  newPage,
  newUser,
  POLL,
  screenshot,
  sendMessage,
  signIn,
  signOut,
  signUp,
} from './support/browser';

interface OobCode {
  email: string;
  oobCode: string;
  requestType: string;
}

/** The Auth emulator keeps the e-mails it would have sent; read the reset code from its REST API. */
async function resetCodeFor(email: string): Promise<string | undefined> {
  const response = await fetch(`http://127.0.0.1:${ports.auth}/emulator/v1/projects/${projectId}/oobCodes`);
  const { oobCodes } = (await response.json()) as { oobCodes: OobCode[] };
  return oobCodes.filter((c) => c.email === email && c.requestType === 'PASSWORD_RESET').pop()?.oobCode;
}

const browser = await suiteBrowser();

describe('identity', () => {
  it('resets a forgotten password through the e-mailed link', async () => {
    const { page, context } = await newPage(browser);
    const user = newUser('Reset');
    await signUp(page, user);
    await signOut(page);
    await screenshot(page, 'signin-1280x800');

    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('status').getByText('Check your e-mail').waitFor();

    let code: string | undefined;
    await expect.poll(async () => (code = await resetCodeFor(user.email))).toBeTruthy();
    await page.goto(`/auth/action?mode=resetPassword&oobCode=${encodeURIComponent(code!)}`);
    await page.getByText(`For ${user.email}`).waitFor();
    await page.getByRole('textbox', { name: 'New password' }).fill('brand-new-pass-2');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.getByRole('status').getByText('Your password has been changed').waitFor();

    // The old password no longer works, in words; the new one does.
    await page.goto('/signin');
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/wrong/i);
    await signIn(page, { ...user, password: 'brand-new-pass-2' });
    await context.close();
  });

  it('never tells which e-mail addresses have accounts: a wrong address and a wrong password read the same', async () => {
    const { page, context } = await newPage(browser);
    const user = newUser('Known');
    await signUp(page, user);
    await signOut(page);

    const attempt = async (email: string, password: string) => {
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const text = (await alert.textContent())?.trim();
      await page.reload();
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      return text;
    };
    const unknown = await attempt(`nobody.${uniqueId()}@example.com`, 'whatever-pass-1');
    const wrongPassword = await attempt(user.email, 'not-the-password-9');
    expect(unknown).toBe('E-mail or password is wrong.');
    expect(wrongPassword).toBe(unknown);

    // the reset form answers an unknown address as it answers a known one
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByLabel('E-mail').fill(`nobody.${uniqueId()}@example.com`);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('status').getByText('Check your e-mail').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  });

  it('keeps the session across a reload and lets the user change their display name', async () => {
    const { page, context } = await newPage(browser);
    const user = newUser('Rena');
    await signUp(page, user);
    await page.reload();
    await page.getByRole('textbox', { name: /^Message #/ }).waitFor();

    await page.getByRole('button', { name: /your profile/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Your profile' });
    const renamed = `Renamed ${uniqueId().slice(-5)}`;
    await dialog.getByLabel('Display name').fill(renamed);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('status').getByText('Saved.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page
      .getByRole('button', { name: /your profile/ })
      .getByText(renamed)
      .waitFor();

    // Their messages go out under it at once (before the server has copied it onto their membership)
    const said = `under my new name ${uniqueId()}`;
    await sendMessage(page, said);
    await messageItem(page, said).getByText(renamed, { exact: true }).waitFor();

    // The new name is the one other people find: to start a conversation, and to mention them in
    // the room they were in before the rename
    const other = await newPage(browser);
    await signUp(other.page, newUser('Finder'));
    await other.page.getByRole('button', { name: 'New message' }).click();
    await other.page.getByLabel('Find people by name').fill(renamed.slice(0, 11).toLowerCase());
    await other.page.getByRole('button', { name: `Message ${renamed}` }).waitFor();
    await other.page.getByRole('dialog', { name: 'New direct message' }).getByRole('button', { name: 'Close' }).click();
    // (the server copies the name onto the membership a moment after the rename; the search asks once per keystroke)
    const { uid } = await adminAuth().getUserByEmail(user.email);
    const membership = adminDb().doc(`rooms/general/members/${uid}`);
    await expect.poll(async () => (await membership.get()).get('displayName'), POLL).toBe(renamed);
    const box = other.page.getByRole('textbox', { name: /^Message #/ });
    await box.click();
    await box.pressSequentially(`@${renamed.toLowerCase()}`);
    await other.page.getByRole('option', { name: `@${renamed}` }).waitFor();
    await other.context.close();
    await context.close();
  });

  it('refuses a sixth rename within the hour in words, keeping the typed name', async () => {
    const { page, context } = await newPage(browser);
    const user = newUser('Often');
    await signUp(page, user);
    await page.getByRole('textbox', { name: /^Message #/ }).waitFor();
    // five renames in the last hour, as the rules count them (nameLedgers/{uid}); the oldest 40 minutes ago.
    // Written once the sign-up's own rename of the server's profile (counted there too) is in, as
    // the chat can show before it is
    const { uid } = await adminAuth().getUserByEmail(user.email);
    const profile = adminDb().doc(`users/${uid}`);
    await expect.poll(async () => (await profile.get()).get('displayName'), POLL).toBe(user.name);
    const retry = await fillRing(`nameLedgers/${uid}`, RENAME_COUNT, 40);

    await page.getByRole('button', { name: /your profile/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Your profile' });
    const wanted = `Once more ${uniqueId().slice(-5)}`;
    await dialog.getByLabel('Display name').fill(wanted);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog
      .getByRole('alert')
      .getByText(`You can change your name ${RENAME_COUNT} times an hour. Try again at ${retry}.`)
      .waitFor();
    expect(await dialog.getByLabel('Display name').inputValue()).toBe(wanted);
    expect((await profile.get()).get('displayName')).toBe(user.name);
    await context.close();
  });

  it('downloads the chat screen while a reload restores the session, and not for the sign-in screen', async () => {
    const { page, context } = await newPage(browser);
    const chatScreen = () =>
      page.evaluate(() => {
        const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const chat = entries.find((e) => /\/assets\/ChatView-[^/]+\.js$/.test(e.name));
        const lookup = entries.find((e) => e.name.includes('accounts:lookup'));
        return { chatStart: chat?.startTime ?? null, sessionRestored: lookup?.responseEnd ?? null };
      });
    // signed out: the sign-in screen comes without the chat screen's code (Firestore with it)
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect((await chatScreen()).chatStart).toBeNull();

    // signed in here before: a reload starts that download before Auth has restored the session
    // (its look-up of the account answered), not once it has
    await signUp(page, newUser('Quick'));
    await page.reload();
    await page.getByRole('textbox', { name: /^Message #/ }).waitFor();
    const { chatStart, sessionRestored } = await chatScreen();
    expect(chatStart).not.toBeNull();
    expect(sessionRestored).not.toBeNull();
    expect(chatStart!).toBeLessThan(sessionRestored!);
    await context.close();
  });

  it('an account that arrives with no name and no profile yet (as from Google) joins #general under a neutral name, never its e-mail', async () => {
    // an account with no name whose profile the server has not made yet: the app makes it, and
    // joins only under it (the rules accept a member document only under the profile's name)
    const user = newUser('Nameless');
    const { uid } = await adminAuth().createUser({ email: user.email, password: user.password });
    const profile = adminDb().doc(`users/${uid}`);
    await expect.poll(async () => (await profile.get()).exists, POLL).toBe(true);
    await profile.delete();

    const { page, context } = await newPage(browser);
    await signInThroughUi(page, user);
    const text = `first words ${uniqueId()}`;
    await sendMessage(page, text);
    await messageItem(page, text).getByText(NEUTRAL_NAME, { exact: true }).waitFor();
    expect((await profile.get()).get('displayName')).toBe(NEUTRAL_NAME);
    expect((await adminDb().doc(`rooms/general/members/${uid}`).get()).get('displayName')).toBe(NEUTRAL_NAME);
    // profiles are public: no part of the address shows anywhere
    expect(await page.locator('body').innerText()).not.toContain(user.email.split('@')[0]!);
    await context.close();
  });
});

/**
 * The UI in the person's language: English unless the browser prefers a language the app speaks
 * (a German browser gets German from the first screen, the errors and the server's notices included),
 * and a choice in the profile dialog that switches at once, stays across a reload and can go back
 * to the browser's. The words are taken from the catalogues themselves, so the test checks which
 * language is shown, not one translation.
 */
import { describe, expect, it } from 'vitest';
import type { Catalogue, Key } from '../../web/src/i18n';
import { de as german } from '../../web/src/i18n/de';
import { en as english } from '../../web/src/i18n/en';
import { textMessage } from '@chat/shared';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, createPerson, seedRoom, signedInPerson } from './support/admin';
import { newPage, POLL, suiteBrowser } from './support/browser';

const browser = await suiteBrowser();

/** A catalogue's words for a key without parameters. */
function words(catalogue: Catalogue, key: Key): string {
  const message = catalogue[key];
  if (typeof message !== 'string') throw new Error(`${key} is a plural message`);
  return message;
}
const de = (key: Key) => words(german, key);
const en = (key: Key) => words(english, key);

describe('languages', () => {
  it('speaks German to a German browser, from the sign-in form and its errors to the chat', async () => {
    const { user, person } = await createPerson('Jonas');
    const { context, page } = await newPage(browser, undefined, { locale: 'de-DE' });
    await page.goto('/');
    await page.getByLabel(de('auth.email')).fill(user.email);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.getByLabel(de('auth.password')).fill(`${user.password}-wrong`);
    await page.getByRole('button', { name: de('auth.signIn'), exact: true }).click();
    // the words of an error come from lib (authErrors), not only the components
    await page.getByText(de('lib.authWrongCredentials')).waitFor();
    await page.getByLabel(de('auth.password')).fill(user.password);
    await page.getByRole('button', { name: de('auth.signIn'), exact: true }).click();
    await page.getByRole('button', { name: de('shell.signOut') }).waitFor();
    expect(await page.getByRole('button', { name: en('shell.signOut') }).count()).toBe(0);
    // the server's notices too: it stores what happened beside its English words (as
    // test/functions/system.test.ts shows; written here as it stores it, so the test does not wait
    // on the emulator's queue of trigger events), and the app says it in German
    const owner = await createPerson('Eva');
    const roomId = await seedRoom([owner.person, person], 'sprachen');
    await adminDb()
      .doc(`rooms/${roomId}/messages/sys_joined`)
      .set({
        ...textMessage({
          authorId: 'system',
          authorName: 'Firechat',
          text: `${user.name} joined the room`,
          createdAt: Timestamp.now(),
        }),
        kind: 'system',
        words: [],
        event: { type: 'joined', name: user.name },
      });
    await page.goto(`/r/${roomId}`);
    const joined = words(german, 'system.joined').replace('{name}', user.name);
    await page
      .getByRole('list', { name: de('msg.messages') })
      .getByText(joined)
      .first()
      .waitFor(POLL);
    await context.close();
  });

  it('switches to the language chosen in the profile dialog, keeps it across a reload, and goes back to the browser’s', async () => {
    const ana = await signedInPerson(browser, 'Ana', '/rooms');
    const lang = () => ana.page.evaluate(() => document.documentElement.lang);
    expect(await lang()).toBe('en');

    await ana.page.getByRole('button', { name: en('shell.yourProfile') }).click();
    await ana.page.getByLabel(en('language.label')).selectOption('de');
    // at once, without saving: the dialog's own words are German
    await ana.page.getByRole('heading', { name: de('account.heading') }).waitFor();
    await ana.page.getByLabel(de('language.label')).waitFor();
    expect(await lang()).toBe('de');

    await ana.page.reload();
    await expect.poll(lang, POLL).toBe('de');
    await ana.page.getByRole('button', { name: de('shell.yourProfile') }).click();
    const select = ana.page.getByLabel(de('language.label'));
    expect(await select.inputValue()).toBe('de');
    await select.selectOption('');
    await ana.page.getByRole('heading', { name: en('account.heading') }).waitFor();
    expect(await lang()).toBe('en');
    await ana.context.close();
  });
});

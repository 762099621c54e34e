/**
 * The UI in the person's language: English unless the browser prefers a language the app speaks,
 * and a choice in the profile dialog that switches at once, stays across a reload and can go back
 * to the browser's. The words are taken from the catalogues themselves, so the test checks which
 * language is shown, not one translation.
 */
import { describe, expect, it } from 'vitest';
import type { Catalogue, Key } from '../../web/src/i18n';
import { de as german } from '../../web/src/i18n/de';
import { en as english } from '../../web/src/i18n/en';
import { signedInPerson } from './support/admin';
import { POLL, suiteBrowser } from './support/browser';

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
  it('switches to the language chosen in the profile dialog, keeps it across a reload, and goes back to the browser’s', async () => {
    const ana = await signedInPerson(browser, 'Ana', '/rooms');
    const lang = () => ana.page.evaluate(() => document.documentElement.lang);
    expect(await lang()).toBe('en');

    await ana.page.getByRole('button', { name: /your profile/ }).click();
    await ana.page.getByLabel(en('language.label')).selectOption('de');
    // at once, without saving: the dialog's own words are German
    await ana.page.getByRole('heading', { name: de('account.heading') }).waitFor();
    await ana.page.getByLabel(de('language.label')).waitFor();
    expect(await lang()).toBe('de');

    await ana.page.reload();
    await expect.poll(lang, POLL).toBe('de');
    await ana.page.getByRole('button', { name: /your profile/ }).click();
    const select = ana.page.getByLabel(de('language.label'));
    expect(await select.inputValue()).toBe('de');
    await select.selectOption('');
    await ana.page.getByRole('heading', { name: en('account.heading') }).waitFor();
    expect(await lang()).toBe('en');
    await ana.context.close();
  });
});

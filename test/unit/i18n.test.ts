import { describe, expect, it } from 'vitest';
import { fromBrowser, interpolate, LOCALES, setLocale, t, type Catalogue, type Message } from '../../web/src/i18n';
import { de } from '../../web/src/i18n/de';
import { en } from '../../web/src/i18n/en';
import { FILE_LOST, FILE_REFUSED, REFUSED } from '../../web/src/lib/outbox';

const catalogues: Record<(typeof LOCALES)[number]['id'], Catalogue> = { en, de };

/** The placeholders of a message, in all its forms, sorted. */
const placeholders = (m: Message) =>
  [...new Set((typeof m === 'string' ? [m] : Object.values(m)).flatMap((s) => s.match(/\{\w+\}/g) ?? []))].sort();

describe('message catalogues', () => {
  it.each(LOCALES.map((l) => l.id))('%s has every key with the same placeholders and kind as English', (id) => {
    const catalogue = catalogues[id];
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(en) as [keyof Catalogue, Message][]) {
      const translated = catalogue[key];
      expect(placeholders(translated), key).toEqual(placeholders(message));
      expect(typeof translated, key).toBe(typeof message);
      expect(typeof translated === 'string' || translated.other.length > 0, key).toBe(true);
    }
  });

  it('takes the first of the browser languages it speaks, by base language', () => {
    expect(fromBrowser(['de-AT', 'en-US'])).toBe('de');
    expect(fromBrowser(['fr-FR', 'de'])).toBe('de');
    expect(fromBrowser(['fr-FR'])).toBe('en');
    expect(fromBrowser([])).toBe('en');
  });

  it('puts parameters in and leaves a missing one as written', () => {
    expect(interpolate('Last seen {ago}', { ago: 'yesterday' })).toBe('Last seen yesterday');
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('switches the words when the language changes', async () => {
    expect(t('presence.lastSeen', { ago: 'yesterday' })).toBe('Last seen yesterday');
    await setLocale('de');
    expect(t('presence.lastSeen', { ago: 'gestern' })).toBe('Zuletzt gesehen gestern');
    await setLocale(null);
    expect(t('presence.away')).toBe('Away');
  });
});

describe('plural forms', () => {
  it('picks the form by count, in each language', async () => {
    expect(t('account.downloaded', { count: 1 })).toBe('Downloaded 1 message.');
    expect(t('account.downloaded', { count: 3 })).toBe('Downloaded 3 messages.');
    await setLocale('de');
    expect(t('account.downloaded', { count: 1 })).toBe('1 Nachricht heruntergeladen.');
    expect(t('account.downloaded', { count: 0 })).toBe('0 Nachrichten heruntergeladen.');
    await setLocale(null);
  });
});

describe("the outbox's own reasons", () => {
  it('are kept in English as lib/outbox writes them, and said by the catalogue in the same words', () => {
    expect(en['msg.reasonRefused']).toBe(REFUSED);
    expect(en['msg.reasonFileRefused']).toBe(FILE_REFUSED);
    expect(en['msg.reasonFileLost']).toBe(FILE_LOST);
  });
});

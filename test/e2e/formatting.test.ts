/**
 * Message formatting between two people: what Ana types (markup, and Slack's formatting keys in
 * the composer) reaches Ben as elements: bold, italic, strike, inline code, a code block with its
 * language, a quote, lists and a link; mentions and bare links keep working inside it; markup
 * that is not a chat's (HTML, unsafe links) stays the characters typed.
 */
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { peopleInRoom } from './support/admin';
import { suiteBrowser, messageItem, POLL, screenshot, sendMessage } from './support/browser';

const browser = await suiteBrowser();

describe('formatting', () => {
  it('renders markup for the reader, formats from the keyboard, and leaves HTML and unsafe links as text', async () => {
    const {
      people: [ana, ben],
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'formatting');
    const tag = uniqueId('fmt');

    // typed markup, with a mention of Ben inside bold and a bare link inside a quote; the members
    // have loaded once the composer suggests Ben
    const box = ana.page.getByRole('textbox', { name: /^Message #/ });
    await box.pressSequentially(`@${ben.person.name.slice(0, 3)}`);
    await ana.page.getByRole('option', { name: `@${ben.person.name}` }).waitFor();
    await sendMessage(
      ana.page,
      [
        `${tag} **bold @${ben.person.name}** *italic* ~~gone~~ \`a < b\` [docs](https://example.com/docs)`,
        '> quoted https://example.com/q',
        '- first',
        '- second',
        '',
        '1. one',
        '2. two',
        '```ts',
        'const x: number = 1;',
        '```',
      ].join('\n'),
    );
    const message = messageItem(ben.page, tag);
    await message.waitFor();
    await message.locator('strong').filter({ hasText: 'bold' }).waitFor();
    const text = message.locator('.text');
    expect(await text.locator('strong mark.mention').textContent()).toBe(`@${ben.person.name}`);
    expect(await text.locator('em').textContent()).toBe('italic');
    expect(await text.locator('s').textContent()).toBe('gone');
    expect(await text.locator('p code').textContent()).toBe('a < b');
    const docs = text.getByRole('link', { name: 'docs' });
    expect(await docs.getAttribute('href')).toBe('https://example.com/docs');
    expect(await docs.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await text.locator('blockquote').getByRole('link').getAttribute('href')).toBe('https://example.com/q');
    expect(await text.locator('ul > li').allTextContents()).toEqual(['first', 'second']);
    expect(await text.locator('ol > li').allTextContents()).toEqual(['one', 'two']);
    const code = text.getByRole('figure');
    expect(await code.locator('figcaption').textContent()).toBe('ts');
    expect(await code.locator('pre').textContent()).toBe('const x: number = 1;');
    await screenshot(ben.page, 'formatting-reader');

    // the formatting keys: type, select a word, Ctrl+B; then Ctrl+I; Ctrl+Shift+C for code
    const keyed = uniqueId('keys');
    await box.fill(`${keyed} loud soft mono`);
    const select = async (word: string) => {
      const value = await box.inputValue();
      const start = value.indexOf(word);
      await box.evaluate(
        (el: HTMLTextAreaElement, [s, e]) => el.setSelectionRange(s!, e!),
        [start, start + word.length],
      );
    };
    await select('loud');
    await box.press('Control+b');
    await select('soft');
    await box.press('Control+i');
    await select('mono');
    await box.press('Control+Shift+C');
    await expect.poll(() => box.inputValue(), POLL).toBe(`${keyed} **loud** _soft_ \`mono\``);
    // inside an open code block Enter is a new line; Shift+Enter too; the closing fence then sends
    await box.press('End');
    await box.press('Shift+Enter');
    await box.pressSequentially('```');
    await box.press('Enter');
    await box.pressSequentially('line 1');
    await box.press('Enter');
    await box.pressSequentially('line 2');
    await box.press('Enter');
    await box.pressSequentially('```');
    await box.press('Enter');
    const keyedMessage = messageItem(ben.page, keyed);
    await keyedMessage.locator('strong').filter({ hasText: 'loud' }).waitFor();
    expect(await keyedMessage.locator('em').textContent()).toBe('soft');
    expect(await keyedMessage.locator('p code').textContent()).toBe('mono');
    expect(await keyedMessage.locator('pre').textContent()).toBe('line 1\nline 2');

    // not a chat's markup: HTML, an unsafe link, a link whose label names another address
    const inert = uniqueId('inert');
    const typed = `${inert} <b>no</b> [x](javascript:alert(1)) [https://bank.example](https://evil.example) # not a heading`;
    await sendMessage(ana.page, typed);
    const inertMessage = messageItem(ben.page, inert);
    await inertMessage.waitFor();
    expect(await inertMessage.locator('.text').textContent()).toBe(typed);
    expect(await inertMessage.locator('.text a, .text b, .text h1').count()).toBe(0);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

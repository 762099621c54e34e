import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { peopleInRoom } from './support/admin';
import { suiteBrowser, messageItem, POLL, sendMessage } from './support/browser';

const browser = await suiteBrowser();

describe('composer', () => {
  it('sends on Enter, breaks lines on Shift+Enter, counts down near the limit, mentions with autocomplete, replies and renders links safely', async () => {
    const {
      people: [ana, ben],
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'composer');
    const box = ana.page.getByRole('textbox', { name: /^Message #/ });

    // Shift+Enter is a new line, Enter sends
    const tag = uniqueId();
    await box.click();
    await box.pressSequentially(`line one ${tag}`);
    await box.press('Shift+Enter');
    await box.pressSequentially('line two');
    await box.press('Enter');
    const twoLines = messageItem(ben.page, `line one ${tag}`);
    await twoLines.waitFor();
    expect(await twoLines.locator('.text').textContent()).toBe(`line one ${tag}\nline two`);
    await expect.poll(() => box.inputValue(), POLL).toBe('');

    // a live count near the 2000-character limit
    await box.fill('x'.repeat(1950));
    await ana.page.getByText('50 characters left').waitFor();
    await box.fill('x'.repeat(2001));
    await ana.page.getByText('-1 characters left').waitFor();
    await box.press('Enter');
    await ana.page.getByText(/at most 2000 characters/).waitFor();
    await box.fill('');

    // @mention with autocomplete: the uid goes into mentions[], and Ben sees it highlighted
    const benFirst = ben.user.name.split(' ')[0]!;
    await box.pressSequentially(`hey @${benFirst.slice(0, 2)}`);
    const option = ana.page.getByRole('option', { name: `@${ben.user.name}` });
    await option.waitFor();
    await box.press('Enter');
    await expect.poll(() => box.inputValue(), POLL).toBe(`hey @${ben.user.name} `);
    const mentionTag = uniqueId();
    await box.pressSequentially(`look ${mentionTag}`);
    await box.press('Enter');
    const mention = messageItem(ben.page, mentionTag).locator('mark', { hasText: `@${ben.user.name}` });
    await mention.waitFor();
    await expect.poll(() => mention.getAttribute('class'), POLL).toContain('me');

    // links: only http(s), in a new tab without opener; markup stays text
    const linkTag = uniqueId();
    await sendMessage(ana.page, `see https://example.com/${linkTag} or javascript:alert(1) <b>bold</b>`);
    const linkItem = messageItem(ben.page, linkTag);
    const link = linkItem.getByRole('link', { name: `https://example.com/${linkTag}` });
    await link.waitFor();
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await linkItem.getByRole('link').count()).toBe(1);
    expect(await linkItem.locator('b').count()).toBe(0);
    await linkItem.getByText('<b>bold</b>').waitFor();

    // Ben replies to the two-line message; the quote jumps to the original
    await twoLines.hover();
    await twoLines.getByRole('button', { name: 'Reply', exact: true }).click();
    await ben.page.getByText(`Replying to ${ana.user.name}`).waitFor();
    const replyTag = uniqueId();
    await sendMessage(ben.page, `answer ${replyTag}`);
    const reply = messageItem(ana.page, replyTag);
    const quote = reply.getByRole('button', { name: new RegExp(`^Reply to ${ana.user.name}: line one ${tag}`) });
    await quote.waitFor();
    await quote.click();
    // the original comes first; the reply below it quotes the same words
    await expect
      .poll(() => messageItem(ana.page, `line one ${tag}`).first().getAttribute('class'), POLL)
      .toContain('highlighted');
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

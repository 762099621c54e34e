import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { peopleInRoom } from './support/admin';
import { suiteBrowser, messageItem, sendMessage } from './support/browser';

const browser = await suiteBrowser();

describe('reactions', () => {
  it('adds, counts and removes reactions live, names who reacted, and works from the keyboard', async () => {
    const {
      people: [ana, ben],
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'reactions');
    const text = `react to me ${uniqueId()}`;
    await sendMessage(ana.page, text);

    // Ben reacts with the keyboard only: focus the action, Enter, then the emoji
    const onBen = messageItem(ben.page, text);
    await onBen.waitFor();
    await onBen.getByRole('button', { name: 'Add reaction' }).focus();
    await ben.page.keyboard.press('Enter');
    await onBen.getByRole('button', { name: 'React with 👍' }).focus();
    await ben.page.keyboard.press('Enter');

    const onAna = messageItem(ana.page, text);
    const chip = onAna.getByRole('button', { name: new RegExp(`^👍 1: ${ben.user.name}$`) });
    await chip.waitFor();
    expect(await chip.getAttribute('aria-pressed')).toBe('false');
    // Ana adds hers by tapping the chip, then takes it back
    await chip.click();
    const two = onAna.getByRole('button', { name: new RegExp(`^👍 2: `) });
    await two.waitFor();
    expect(await two.getAttribute('title')).toContain('You');
    await messageItem(ben.page, text)
      .getByRole('button', { name: /^👍 2: / })
      .waitFor();
    await two.click();
    await onAna.getByRole('button', { name: new RegExp(`^👍 1: ${ben.user.name}$`) }).waitFor();
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

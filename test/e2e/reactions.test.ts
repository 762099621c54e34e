import { REACTION_NAMES } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminDb, peopleInRoom } from './support/admin';
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

  it('shows a crowd under an emoji as names and a count, knows my reaction among the unnamed, and takes it back', async () => {
    const {
      people: [ana, ben],
      roomId,
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'crowd');
    const text = `popular ${uniqueId()}`;
    await sendMessage(ben.page, text);
    const onAna = messageItem(ana.page, text);
    await onAna.waitFor();
    const [doc] = (await adminDb().collection(`rooms/${roomId}/messages`).where('text', '==', text).get()).docs;
    // more people than a message names, all before Ana by uid (`!` sorts before any letter or digit), and Ana:
    // the server names the first REACTION_NAMES, so only her reaction document says she is one
    const crowd = Array.from({ length: REACTION_NAMES + 4 }, (_, i) => `!fan${String(i).padStart(3, '0')}`);
    const batch = adminDb().batch();
    for (const uid of [...crowd, ana.person.uid])
      batch.set(doc!.ref.collection('reactions').doc(uid), { emojis: ['🎉'] });
    await batch.commit();

    const total = crowd.length + 1;
    const chip = onAna.getByRole('button', {
      name: new RegExp(`^🎉 ${total}: You, Someone.* and ${total - REACTION_NAMES - 1} others$`),
    });
    await chip.waitFor();
    expect(await chip.getAttribute('aria-pressed')).toBe('true');
    await chip.click();
    await onAna
      .getByRole('button', {
        name: new RegExp(`^🎉 ${total - 1}: Someone.* and ${total - 1 - REACTION_NAMES} others$`),
      })
      .waitFor();
    // counted by the server, Ben sees the same
    const onBen = messageItem(ben.page, text).getByRole('button', { name: new RegExp(`^🎉 ${total - 1}: `) });
    await onBen.waitFor();
    expect(await onBen.getAttribute('aria-pressed')).toBe('false');
    expect((await doc!.ref.collection('reactions').doc(ana.person.uid).get()).data()).toEqual({ emojis: [] });
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

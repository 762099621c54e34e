import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { peopleInRoom } from './support/admin';
import { suiteBrowser, messageItem, POLL, sendMessage } from './support/browser';

const browser = await suiteBrowser();

describe('edit and delete', () => {
  it('edits the last message with Up, marks it edited, deletes to a placeholder, and lets the owner redact others', async () => {
    // Ana owns the room, Ben is a member
    const {
      people: [ana, ben],
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'edits');

    const tag = uniqueId();
    await sendMessage(ben.page, `typo hre ${tag}`);
    await messageItem(ana.page, tag).waitFor();
    // confirmed by the server: past "sending…", and Ana, who has it on screen, may already have read it
    await expect
      .poll(
        () =>
          messageItem(ben.page, tag)
            .getByText(/^(Sent|Delivered|Seen by Ana)$/)
            .count(),
        POLL,
      )
      .toBe(1);

    // Up in the empty composer edits Ben's last message
    const box = ben.page.getByRole('textbox', { name: /^Message #/ });
    await box.press('ArrowUp');
    await ben.page.getByText('Editing message').waitFor();
    await expect.poll(() => box.inputValue(), POLL).toBe(`typo hre ${tag}`);
    await box.fill(`typo here ${tag}`);
    await box.press('Enter');
    const onAna = messageItem(ana.page, tag);
    await onAna.getByText(`typo here ${tag}`).waitFor();
    await onAna.getByText('(edited)').waitFor();
    // Ben cannot delete or edit Ana's messages
    const anaTag = uniqueId();
    await sendMessage(ana.page, `owner says ${anaTag}`);
    const anaMsgOnBen = messageItem(ben.page, anaTag);
    await anaMsgOnBen.waitFor();
    expect(await anaMsgOnBen.getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0);
    expect(await anaMsgOnBen.getByRole('button', { name: 'Edit', exact: true }).count()).toBe(0);

    // Ben deletes his own: a visible placeholder remains for both
    const own = messageItem(ben.page, `typo here ${tag}`);
    // a message's actions show for the message under the pointer (or holding the focus)
    await own.hover();
    await own.getByRole('button', { name: 'Delete', exact: true }).click();
    await own.getByRole('button', { name: 'Delete message' }).click();
    await expect.poll(() => ana.page.getByText(`typo here ${tag}`).count(), POLL).toBe(0);
    await ana.page.getByText('Message deleted').first().waitFor();

    // Ana, the room owner, redacts a message of Ben's
    const rude = uniqueId();
    await sendMessage(ben.page, `rude words ${rude}`);
    const rudeOnAna = messageItem(ana.page, rude);
    await rudeOnAna.waitFor();
    await rudeOnAna.hover();
    await rudeOnAna.getByRole('button', { name: 'Delete', exact: true }).click();
    await rudeOnAna.getByRole('button', { name: 'Delete message' }).click();
    await expect.poll(() => ben.page.getByText(`rude words ${rude}`).count(), POLL).toBe(0);
    await expect.poll(() => ben.page.getByText('Message deleted').count(), POLL).toBe(2);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

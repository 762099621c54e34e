import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { ports, uniqueId } from '../support/env';
import { muteMember, peopleInRoom } from './support/admin';
import { canPostAgain, suiteBrowser, messageItem, openRoom, POLL, sendMessage } from './support/browser';

const browser = await suiteBrowser();

describe('offline and failure', () => {
  it('keeps messages sent offline as "sending…" across a reload and delivers them once, in order, on reconnect', async () => {
    const {
      people: [ana, ben],
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'offline');

    await ana.context.setOffline(true);
    await ana.page.getByText('You are offline').waitFor();
    const first = `offline one ${uniqueId()}`;
    const second = `offline two ${uniqueId()}`;
    await sendMessage(ana.page, first);
    await sendMessage(ana.page, second);
    await messageItem(ana.page, first).getByText('sending…').waitFor();
    await messageItem(ana.page, second).getByText('sending…').waitFor();

    // reload while Firestore is still out of reach (the page itself loads)
    const firestore = `http://127.0.0.1:${ports.firestore}/**`;
    await ana.context.route(firestore, (route) => route.abort());
    await ana.context.setOffline(false);
    await ana.page.reload();
    await ana.page.getByRole('textbox', { name: /^Message #/ }).waitFor();
    await messageItem(ana.page, first).getByText('sending…').waitFor();
    await messageItem(ana.page, second).getByText('sending…').waitFor();

    // the connection returns
    await ana.context.setOffline(true);
    await ana.context.unroute(firestore);
    await ana.context.setOffline(false);
    await ana.page.getByText('You are back online.').waitFor();
    const list = ben.page.getByRole('list', { name: 'Messages' });
    await list.getByText(second).waitFor();
    const texts = await list.locator('[data-message-id] .text').allTextContents();
    expect(texts.filter((t) => t === first || t === second)).toEqual([first, second]);
    await expect.poll(() => ana.page.getByText('sending…').count(), POLL).toBe(0);
    expect(await messageItem(ana.page, first).count()).toBe(1);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });

  it('shows a refused message as "Not sent" with its text, also after a reload, and retries or edits it', async () => {
    // Ben owns the room and mutes Ana while she is offline: she writes two messages not knowing,
    // and the server refuses them when she is back (a mute she knows of takes the composer away)
    const {
      people: [ben, ana],
      roomId,
    } = await peopleInRoom(browser, ['Ben', 'Ana'], 'refused', { open: false });
    const muteAna = (mutedUntil: Timestamp | null) => muteMember(roomId, ana.person.uid, mutedUntil);
    await Promise.all([openRoom(ana.page, roomId), openRoom(ben.page, roomId)]);
    await ana.context.setOffline(true);
    await ana.page.getByText('You are offline').waitFor();
    await muteAna(Timestamp.fromMillis(Date.now() + 3_600_000));

    const retried = `please retry ${uniqueId()}`;
    const edited = `please edit ${uniqueId()}`;
    await sendMessage(ana.page, retried);
    await sendMessage(ana.page, edited);
    await ana.context.setOffline(false);
    for (const text of [retried, edited]) {
      const item = messageItem(ana.page, text);
      await item.getByText('Not sent').waitFor();
      await item.getByRole('button', { name: 'Retry' }).waitFor();
    }

    await ana.page.reload();
    await messageItem(ana.page, retried).getByText('Not sent').waitFor();
    await messageItem(ana.page, edited).getByText('Not sent').waitFor();

    await muteAna(null);
    await canPostAgain(ana.page);
    await messageItem(ana.page, retried).getByRole('button', { name: 'Retry' }).click();
    await messageItem(ben.page, retried).waitFor();

    await messageItem(ana.page, edited).getByRole('button', { name: 'Edit' }).click();
    const box = ana.page.getByRole('textbox', { name: /^Message #/ });
    await expect.poll(() => box.inputValue(), POLL).toBe(edited);
    await box.press('End');
    await box.pressSequentially(' (fixed)');
    await box.press('Enter');
    await messageItem(ben.page, `${edited} (fixed)`).waitFor();
    await expect.poll(() => ana.page.getByText('Not sent').count(), POLL).toBe(0);
    expect(await messageItem(ben.page, retried).count()).toBe(1);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

import { TYPING_MIN_GAP_MS } from '@chat/shared';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/env';
import { adminDb, peopleInRoom, seedRoom } from './support/admin';
import { POLL, messageItem, roomLink, sendMessage, sendMessageCommitted, suiteBrowser } from './support/browser';
import { recordCommits, type SentCommit } from './support/commits';

const browser = await suiteBrowser();

/**
 * Keeps typing into a box, a key a second, until `seen` resolves: a person typing refreshes their
 * signal, which otherwise fades TYPING_VISIBLE_MS after its last write. One burst of keys and a
 * wait would race that fade on a busy machine, where the second person's signal can take longer
 * than that to reach the reader.
 */
async function keepTyping<T>(box: Locator, seen: Promise<T>): Promise<T> {
  let done = false;
  const typing = (async () => {
    while (!done) {
      await box.press('.');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  try {
    return await seen;
  } finally {
    done = true;
    await typing;
  }
}

describe('typing', () => {
  it('shows who is typing by name, two at once, and clears on send and on leaving the box', async () => {
    const {
      people: [ana, ben, cy],
    } = await peopleInRoom(browser, ['Ana', 'Ben', 'Cy'], 'typing');
    const box = (p: typeof ana) => p.page.getByRole('textbox', { name: /^Message / });

    await box(ben).pressSequentially('hello the');
    await ana.page.getByText(`${ben.user.name} is typing`).waitFor();
    await box(cy).pressSequentially('me too');
    // both keep typing until the reader sees them together; names in alphabetical order: Ben before Cy
    await keepTyping(
      box(ben),
      keepTyping(box(cy), ana.page.getByText(`${ben.user.name} and ${cy.user.name} are typing`).waitFor()),
    );

    await box(ben).pressSequentially(` re ${uniqueId()}`);
    await box(ben).press('Enter');
    // Ben's send clears his signal; Cy, still typing, stays
    await keepTyping(box(cy), ana.page.getByText(`${cy.user.name} is typing`).waitFor());

    await box(cy).blur();
    await ana.page.getByText(/is typing|are typing/).waitFor({ state: 'detached' });
    await Promise.all([ana, ben, cy].map((p) => p.context.close()));
  });
  /*
   * The SDK sends a page's writes one after another on one stream, and the server commits them in
   * that order: a typing write just ahead of a message holds the message back by its round trip.
   */
  it("sends the message before its typing signal's removal, and a message sent at once with no typing write", async () => {
    const {
      people: [ana, ben],
      roomId,
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'typing-order');
    const commits = recordCommits(ben.page);
    const box = ben.page.getByRole('textbox', { name: /^Message / });
    const typist = `rooms/${roomId}/typing/${ben.person.uid}`;
    const message = (c: SentCommit) => c.writes.some((p) => p.startsWith(`rooms/${roomId}/messages/`));
    const typingRemoval = (c: SentCommit) => c.deletes.includes(typist);
    const typingWrite = (c: SentCommit) => c.writes.includes(typist);

    // typing long enough for the removal to be due at once on send (TYPING_MIN_GAP_MS after the write)
    await box.pressSequentially('first words');
    await ana.page.getByText(`${ben.user.name} is typing`).waitFor();
    await new Promise((resolve) => setTimeout(resolve, TYPING_MIN_GAP_MS + 200));
    await box.press('Enter');
    await expect.poll(() => commits.findIndex(typingRemoval), POLL).toBeGreaterThanOrEqual(0);
    const sentAt = commits.findIndex(message);
    expect(sentAt, JSON.stringify(commits)).toBeGreaterThanOrEqual(0);
    expect(sentAt, JSON.stringify(commits)).toBeLessThan(commits.findIndex(typingRemoval));

    // a message written and sent in one go (a quick "ok" and Enter) says nothing about typing
    const before = commits.length;
    const quick = `ok ${uniqueId()}`;
    await box.evaluate((el, text) => {
      const area = el as HTMLTextAreaElement;
      area.value = text;
      area.dispatchEvent(new Event('input', { bubbles: true }));
      area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    }, quick);
    await messageItem(ben.page, quick).getByText(/^(Sent|Delivered|Read|Seen by .+)$/).waitFor(POLL);
    // past the moment a typing write would have gone (TYPING_START_DELAY_MS)
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = commits.slice(before);
    expect(after.filter(message), JSON.stringify(after)).toHaveLength(1);
    expect(after.filter(typingWrite), JSON.stringify(after)).toEqual([]);
    await Promise.all([ana, ben].map((p) => p.context.close()));
  });

  it("removes the signal after the room's own message, not after a send another room's slow mode holds", async () => {
    const {
      people: [ana, ben],
      roomId,
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'typing-here');
    const slowRoom = await seedRoom([ben.person], 'typing-slow');
    await adminDb().doc(`rooms/${slowRoom}`).update({ slowModeSec: 60 });
    const commits = recordCommits(ben.page);
    const tag = uniqueId().slice(-6);

    // a second message in the slow room waits its turn ("sending…") for a minute
    await roomLink(ben.page, `typing-slow-${slowRoom.slice(-5)}`).click();
    await ben.page.getByText(/^Slow mode: one message every 1 min/).waitFor();
    await sendMessageCommitted(ben.page, `first ${tag}`);
    await sendMessage(ben.page, `held ${tag}`);
    await messageItem(ben.page, `held ${tag}`).getByText('sending…').first().waitFor();

    // meanwhile, in the other room, a message sent after typing takes its signal with it
    await roomLink(ben.page, `typing-here-${roomId.slice(-5)}`).click();
    const box = ben.page.getByRole('textbox', { name: /^Message / });
    await box.pressSequentially('other words');
    await ana.page.getByText(`${ben.user.name} is typing`).waitFor();
    await new Promise((resolve) => setTimeout(resolve, TYPING_MIN_GAP_MS + 200));
    await box.press('Enter');
    const typist = `rooms/${roomId}/typing/${ben.person.uid}`;
    await expect.poll(() => commits.findIndex((c) => c.deletes.includes(typist)), POLL).toBeGreaterThanOrEqual(0);
    const held = (c: SentCommit) => c.writes.some((p) => p.startsWith(`rooms/${slowRoom}/messages/`));
    // the first message only: the held one is still waiting
    expect(commits.filter(held), JSON.stringify(commits)).toHaveLength(1);
    await Promise.all([ana, ben].map((p) => p.context.close()));
  });
});

import { memberDocument } from '@chat/shared';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { eventually, uniqueId } from '../support/env';
import { adminDb, peopleInRoom } from './support/admin';
import { BROWSER_WAIT_MS, suiteBrowser, messageItem, openRoom, sendMessage, setHidden } from './support/browser';

/**
 * Receipts end to end: the reader's app writes a read cursor once the message is on their
 * screen, the onReadCursorWritten function folds it into the room's receipt summary, and the
 * sender's app shows sent, delivered, read and "Seen by".
 */
const browser = await suiteBrowser();

describe('receipts', () => {
  it("walks your message through sent, delivered and read, moves the reader's cursor only while they can see it, and names who has seen it in a group", async () => {
    const {
      people: [ana, ben],
      roomId,
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'receipts', { open: false });
    const db = adminDb();
    const cursorOf = async (uid: string) =>
      (await db.doc(`users/${uid}/reads/${roomId}`).get()).get('lastReadId') as unknown;

    // Ben has the room open but his tab is hidden: nothing he cannot see counts as read.
    await openRoom(ben.page, roomId);
    await setHidden(ben.page, true);
    await openRoom(ana.page, roomId);
    // His app reports him away; its next heartbeat is a minute off. Then his presence is made
    // to say he was last online before the message.
    await eventually(
      async () => ((await db.doc(`presence/${ben.person.uid}`).get()).get('state') === 'away' ? true : undefined),
      'Ben away',
      BROWSER_WAIT_MS,
    );
    await db
      .doc(`presence/${ben.person.uid}`)
      .set({ state: 'offline', lastSeen: Timestamp.fromMillis(Date.now() - 3_600_000) });

    const text = `did you get this ${uniqueId()}`;
    await sendMessage(ana.page, text);
    const item = messageItem(ana.page, text);
    await item.getByText('Sent', { exact: true }).waitFor();
    const messageId = await item.getAttribute('data-message-id');
    expect(messageId).toBeTruthy();
    await messageItem(ben.page, text).waitFor();

    // Ben's app comes online: his heartbeat is newer than the message, so it was delivered
    await db.doc(`presence/${ben.person.uid}`).set({ state: 'online', lastSeen: Timestamp.now() });
    await item.getByText('Delivered', { exact: true }).waitFor();
    // the message has been on Ben's (hidden) page for the delivered step: still not read
    expect(await cursorOf(ben.person.uid)).not.toBe(messageId);

    // Ben looks at his tab: the message is on his screen, his app moves his read cursor to it,
    // and the function folds that into the summary Ana's app reads.
    await setHidden(ben.page, false);
    await eventually(
      async () => ((await cursorOf(ben.person.uid)) === messageId ? true : undefined),
      "Ben's read cursor",
      BROWSER_WAIT_MS,
    );
    // the server's half (the function folded the cursor into the summary), then the page's: a
    // failure says which half missed
    const ms = (t: unknown) => (t instanceof Timestamp ? t.toMillis() : null);
    await eventually(
      async () => {
        const [summary, cursor, message] = await Promise.all([
          db.doc(`rooms/${roomId}/receipts/summary`).get(),
          db.doc(`users/${ben.person.uid}/reads/${roomId}`).get(),
          db.doc(`rooms/${roomId}/messages/${messageId}`).get(),
        ]);
        const entry = summary.get(`reads.${ben.person.uid}`) as { at: Timestamp; messageId: string } | undefined;
        const at = ms(message.get('createdAt'));
        if (entry && at !== null && (ms(entry.at) ?? 0) >= at) return true;
        // what the timeout reports: the summary's entry, the cursor it should follow, the message
        throw new Error(
          `summary ${entry?.messageId ?? 'none'} @${ms(entry?.at)}, cursor ${String(cursor.get('lastReadId'))} @${ms(cursor.get('lastReadAt'))}, message @${at}`,
        );
      },
      "the receipt summary to cover the message (the function's half)",
      BROWSER_WAIT_MS,
    );
    await item.getByText('Read', { exact: true }).waitFor();

    // a third member makes it a group: "Seen by" with names, the full list on tap
    const cy = { uid: `cy${uniqueId()}`, name: 'Cy Seeded' };
    // (a join: the member document and the room-list entry; the server counts the room again)
    const join = db.batch();
    join.set(
      db.doc(`rooms/${roomId}/members/${cy.uid}`),
      memberDocument({ uid: cy.uid, role: 'member', displayName: cy.name, joinedAt: Timestamp.now() }),
    );
    join.set(db.doc(`users/${cy.uid}/rooms/${roomId}`), { joinedAt: Timestamp.now() });
    await join.commit();
    await db.doc(`users/${cy.uid}/reads/${roomId}`).set({
      id: roomId,
      lastReadAt: Timestamp.now(),
      lastReadId: messageId,
      updatedAt: Timestamp.now(),
    });
    const seen = item.getByRole('button', { name: `Seen by ${ben.person.name} and ${cy.name}` });
    await seen.waitFor();
    await seen.click();
    await item.getByRole('tooltip').getByText(`Seen by: ${ben.person.name}, ${cy.name}`).waitFor();
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

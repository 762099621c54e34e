import { Timestamp } from 'firebase-admin/firestore';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, uniqueId } from '../support/env';
import { adminDb, seedRoom, signedInPerson } from './support/admin';
import { launchBrowser, messageItem, openRoom, sendMessage } from './support/browser';

/**
 * The receipt summary is written by a Cloud Function from members' read cursors; until that
 * function is on this branch, the test writes the summary the way it would, and checks the read
 * cursor the app writes, which is the function's input.
 */
describe('receipts', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("walks your message through sent, delivered and read, writes the reader's cursor once they have seen it, and names who has seen it in a group", async () => {
    const [ana, ben] = await Promise.all([signedInPerson(browser, 'Ana'), signedInPerson(browser, 'Ben')]);
    const anaP = ana.person;
    const benP = ben.person;
    const roomId = await seedRoom([anaP, benP], 'receipts');
    await openRoom(ana.page, roomId);
    // Ben's presence says he was last online before the message
    const db = adminDb();
    await db
      .doc(`presence/${benP.uid}`)
      .set({ state: 'offline', lastSeen: Timestamp.fromMillis(Date.now() - 3_600_000) });

    const text = `did you get this ${uniqueId()}`;
    await sendMessage(ana.page, text);
    const item = messageItem(ana.page, text);
    await item.getByText('Sent', { exact: true }).waitFor();
    const messageId = await item.getAttribute('data-message-id');
    expect(messageId).toBeTruthy();

    // Ben's app comes online: his heartbeat is newer than the message, so it was delivered
    await db.doc(`presence/${benP.uid}`).set({ state: 'online', lastSeen: Timestamp.now() });
    await item.getByText('Delivered', { exact: true }).waitFor();

    // Ben opens the room and sees the message: his app moves his read cursor to it
    // the app marks a room read only in a focused tab, as a person looking at it: give Ben's the focus
    await ben.page.bringToFront();
    await openRoom(ben.page, roomId);
    await messageItem(ben.page, text).waitFor();
    const cursor = await eventually(async () => {
      const snap = await db.doc(`users/${benP.uid}/reads/${roomId}`).get();
      return snap.get('lastReadId') === messageId ? snap.data() : undefined;
    }, "Ben's read cursor", 60_000);
    // the function folds that cursor into the room's summary
    await db.doc(`rooms/${roomId}/receipts/summary`).set({
      reads: { [benP.uid]: { at: cursor!.lastReadAt, messageId, name: benP.name } },
      updatedAt: Timestamp.now(),
    });
    await item.getByText('Read', { exact: true }).waitFor();

    // a third member makes it a group: "Seen by" with names, the full list on tap
    const cy = { uid: `cy${uniqueId()}`, name: 'Cy Seeded' };
    await db.doc(`rooms/${roomId}/members/${cy.uid}`).set({
      uid: cy.uid,
      role: 'member',
      displayName: cy.name,
      joinedAt: Timestamp.now(),
      mutedUntil: null,
      via: null,
    });
    await db.doc(`rooms/${roomId}/receipts/summary`).set({
      reads: {
        [benP.uid]: { at: cursor!.lastReadAt, messageId, name: benP.name },
        [cy.uid]: { at: Timestamp.now(), messageId, name: cy.name },
      },
      updatedAt: Timestamp.now(),
    });
    const seen = item.getByRole('button', { name: `Seen by ${benP.name} and ${cy.name}` });
    await seen.waitFor();
    await seen.click();
    await item.getByRole('tooltip').getByText(`Seen by: ${benP.name}, ${cy.name}`).waitFor();
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});

/**
 * A message with a file goes through the outbox like a text: it shows in the list at once
 * (uploading, then sending), survives a reload while offline, and a refusal ends as "Not sent"
 * in the list with Retry; cancelling the upload leaves nothing behind.
 */
import { DEFAULT_ROOM_ID, UPLOAD_BYTES, UPLOAD_WINDOW_MS } from '@chat/shared';
import { Timestamp } from 'firebase-admin/firestore';
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ports, uniqueId } from '../support/env';
import { adminDb, muteMember, seedRoom, signedInPerson, peopleInRoom } from './support/admin';
import {
  canPostAgain,
  messageItem,
  newPage,
  newUser,
  openRoom,
  POLL,
  screenshot,
  sendMessage,
  signUp,
  suiteBrowser,
  withAccount,
} from './support/browser';
import { composer, downloadBy, giveFile, pdfLike, sha256, submit } from './support/files';

const browser = await suiteBrowser();

/**
 * Makes the page's writes of outbox files take `ms` to commit: each transaction that puts a file
 * is kept open that long by reads chained after the put (a transaction commits once no request
 * is left), as a slow disk would. A navigation meanwhile aborts it and the bytes are not kept.
 */
async function holdOutboxWrites(page: Page, ms: number): Promise<void> {
  await page.evaluate((holdMs) => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const request = put.apply(this, args);
      if (this.transaction.db.name === 'firechat-outbox') {
        const until = Date.now() + holdMs;
        const again = () => {
          if (Date.now() < until) this.count().onsuccess = again;
        };
        again();
      }
      return request;
    };
  }, ms);
}

describe('a message with a file goes through the outbox', () => {
  it('shows a file message the server refuses as "Not sent" in the list, and Retry sends it', async () => {
    const [ana, ben] = await Promise.all([signedInPerson(browser, 'Ana'), signedInPerson(browser, 'Ben')]);
    // Ben owns the room and mutes Ana while she is offline: she sends a file not knowing, and
    // the server refuses the message when she is back (a mute she knows of takes the composer away)
    const roomId = await seedRoom([ben.person, ana.person], 'refused-file');
    const muteAna = (mutedUntil: Timestamp | null) => muteMember(roomId, ana.person.uid, mutedUntil);
    await Promise.all([openRoom(ana.page, roomId), openRoom(ben.page, roomId)]);
    await ana.context.setOffline(true);
    await ana.page.getByText('You are offline').waitFor();
    await muteAna(Timestamp.fromMillis(Date.now() + 3_600_000));

    const pdf = { name: `refused-${uniqueId()}.pdf`, mimeType: 'application/pdf', buffer: pdfLike(700_000) };
    await giveFile(ana.page, 'paste', pdf);
    await ana.page.getByRole('group', { name: 'Attachment' }).getByText(pdf.name).waitFor();
    const caption = `a file to retry ${uniqueId()}`;
    await sendMessage(ana.page, caption);
    // queued: the composer is free again and the message is in the list with its file
    await ana.page.getByRole('group', { name: 'Attachment' }).waitFor({ state: 'detached' });
    const item = messageItem(ana.page, caption);
    await item.getByText(pdf.name).waitFor();

    await ana.context.setOffline(false);
    await item.getByText('Not sent').waitFor();
    await expect.poll(() => item.getByText(pdf.name).count(), POLL).toBe(1);
    await screenshot(ana.page, 'outbox-file-not-sent');

    await muteAna(null);
    await canPostAgain(ana.page);
    await item.getByRole('button', { name: 'Retry' }).click();
    const chip = ben.page.getByRole('group', { name: `File ${pdf.name}` });
    await chip.waitFor();
    const saved = await downloadBy(ben.page, () => chip.getByRole('button', { name: `Download ${pdf.name}` }).click());
    expect(sha256(saved.bytes)).toBe(sha256(pdf.buffer));
    await expect.poll(() => ana.page.getByText('Not sent').count(), POLL).toBe(0);
    expect(await messageItem(ben.page, caption).count()).toBe(1);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });

  it('says a file past the daily limit in words, keeping the message and its file for Retry', async () => {
    const {
      people: [ana, ben],
      roomId,
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'upload-limit');
    // Ana has stored all but a kilobyte of today's files, in a window that began an hour ago
    const ledger = adminDb().doc(`uploadLedgers/${ana.person.uid}`);
    const window = (sinceMs: number) => ({
      since: Timestamp.fromMillis(sinceMs),
      bytes: UPLOAD_BYTES - 1024,
      at: Timestamp.fromMillis(sinceMs),
      roomId,
      attachmentId: 'earlier',
    });
    const since = Date.now() - 3_600_000;
    await ledger.set(window(since));

    const pdf = { name: `over-${uniqueId()}.pdf`, mimeType: 'application/pdf', buffer: pdfLike(300_000) };
    await giveFile(ana.page, 'paste', pdf);
    await ana.page.getByRole('group', { name: 'Attachment' }).getByText(pdf.name).waitFor();
    const caption = `a file over the limit ${uniqueId()}`;
    await sendMessage(ana.page, caption);
    const item = messageItem(ana.page, caption);
    await item.getByText('Not sent').waitFor();
    const freesAt = new Date(since + UPLOAD_WINDOW_MS + 5 * 60_000);
    const clock = freesAt.toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' });
    await item
      .getByText(/You can send 250 MB of files a day, and this file would take you past it\. Try again from/)
      .waitFor();
    expect(await item.textContent()).toContain(clock);
    await expect.poll(() => item.getByText(pdf.name).count(), POLL).toBe(1);
    // nothing of the file was stored, nor counted
    const metas = await adminDb().collection(`rooms/${roomId}/attachments`).get();
    expect(metas.size).toBe(0);
    expect((await ledger.get()).get('bytes')).toBe(UPLOAD_BYTES - 1024);
    await screenshot(ana.page, 'outbox-file-over-limit');

    // a day later the window has ended: Retry sends it, counted in a new one
    await ledger.set(window(Date.now() - UPLOAD_WINDOW_MS - 10 * 60_000));
    await item.getByRole('button', { name: 'Retry' }).click();
    await ben.page.getByRole('group', { name: `File ${pdf.name}` }).waitFor();
    await expect.poll(() => ana.page.getByText('Not sent').count(), POLL).toBe(0);
    expect((await ledger.get()).get('bytes')).toBe(pdf.buffer.length);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });

  it('keeps a file message queued offline across a reload and sends it when back online', async () => {
    const {
      people: [ana, ben],
      roomId,
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'offline-file');
    await ana.context.setOffline(true);
    await ana.page.getByText('You are offline').waitFor();

    const pdf = { name: `offline-${uniqueId()}.pdf`, mimeType: 'application/pdf', buffer: pdfLike(1_100_000) };
    await giveFile(ana.page, 'drop', pdf);
    await ana.page.getByRole('group', { name: 'Attachment' }).getByText(pdf.name).waitFor();
    // the browser takes its time to store the bytes (a busy machine, a big file): the message
    // shows in the list only once they are kept, so the reload below cannot cut the write short
    await holdOutboxWrites(ana.page, 1_500);
    const caption = `written offline with a file ${uniqueId()}`;
    await sendMessage(ana.page, caption);
    await messageItem(ana.page, caption).getByText(pdf.name).waitFor();
    expect(await composer(ana.page).inputValue()).toBe('');

    // reload while Firestore is still out of reach (the page itself loads)
    const firestore = `http://127.0.0.1:${ports.firestore}/**`;
    await ana.context.route(firestore, (route) => route.abort());
    await ana.context.setOffline(false);
    await ana.page.reload();
    await composer(ana.page).waitFor();
    await messageItem(ana.page, caption).getByText(pdf.name).waitFor();
    const logged: string[] = [];
    ana.page.on('console', (message) => logged.push(message.text()));

    // the connection returns
    await ana.context.setOffline(true);
    await ana.context.unroute(firestore);
    await ana.context.setOffline(false);
    const chip = ben.page.getByRole('group', { name: `File ${pdf.name}` });
    // a timeout says where Ana's side of it stands
    await chip.waitFor().catch(async (error: Error) => {
      const shown = await messageItem(ana.page, caption)
        .innerText()
        .catch(() => '(not in the list)');
      const stored = await adminDb().collection(`rooms/${roomId}/attachments`).where('name', '==', pdf.name).get();
      const metas = stored.docs.map((d) => `${d.id} complete=${d.get('complete')}`).join(', ') || 'none';
      throw withAccount(
        error,
        `Ana's list shows: ${shown}\nuploads on the server: ${metas}\nher console: ${logged.join('\n')}`,
      );
    });
    const saved = await downloadBy(ben.page, () => chip.getByRole('button', { name: `Download ${pdf.name}` }).click());
    expect(sha256(saved.bytes)).toBe(sha256(pdf.buffer));
    await expect.poll(() => ana.page.getByText(/sending…|Uploading/).count(), POLL).toBe(0);
    const stored = await adminDb().collection(`rooms/${roomId}/messages`).where('text', '==', caption).get();
    expect(stored.size).toBe(1);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });

  it('says so, and offers only Discard, when the bytes of a file still to upload were cleared from the browser', async () => {
    const ana = await signedInPerson(browser, 'Ana');
    const roomId = await seedRoom([ana.person], 'cleared-file');
    await openRoom(ana.page, roomId);
    await ana.context.setOffline(true);
    await ana.page.getByText('You are offline').waitFor();
    const pdf = { name: `cleared-${uniqueId()}.pdf`, mimeType: 'application/pdf', buffer: pdfLike(20_000) };
    await giveFile(ana.page, 'paste', pdf);
    await ana.page.getByRole('group', { name: 'Attachment' }).getByText(pdf.name).waitFor();
    const caption = `a file that will be gone ${uniqueId()}`;
    await sendMessage(ana.page, caption);
    await messageItem(ana.page, caption).getByText(pdf.name).waitFor();
    // what clearing site data does to the kept bytes (the outbox itself, in localStorage, stays)
    await expect
      .poll(
        () =>
          ana.page.evaluate(
            () =>
              new Promise<number>((resolve, reject) => {
                const open = indexedDB.open('firechat-outbox');
                open.onerror = () => reject(new Error(String(open.error)));
                open.onsuccess = () => {
                  const tx = open.result.transaction('files', 'readwrite');
                  const files = tx.objectStore('files');
                  const count = files.count();
                  files.clear();
                  tx.oncomplete = () => {
                    open.result.close();
                    resolve(count.result);
                  };
                };
              }),
          ),
        POLL,
      )
      .toBeGreaterThan(0);

    const firestore = `http://127.0.0.1:${ports.firestore}/**`;
    await ana.context.route(firestore, (route) => route.abort());
    await ana.context.setOffline(false);
    await ana.page.reload();
    const item = messageItem(ana.page, caption);
    await item.getByText('Not sent').waitFor();
    await item.getByText(/no longer stored in this browser/).waitFor();
    expect(await item.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await item.getByRole('button', { name: 'Discard' }).click();
    await item.waitFor({ state: 'detached' });
    await ana.context.close();
  });

  it('cancelling an upload takes the message out of the list and leaves nothing on the server', async () => {
    // the upload's writes are read as they leave, which a service worker would hide
    const ana = await newPage(browser, undefined, { serviceWorkers: 'block' });
    await signUp(ana.page, newUser('Ana'));
    const file = { name: `big-${uniqueId()}.pdf`, mimeType: 'application/pdf', buffer: pdfLike(5 * 1024 * 1024) };
    await giveFile(ana.page, 'drop', file);
    await ana.page.getByRole('group', { name: 'Attachment' }).getByText(file.name).waitFor();

    // What the server holds of this file, as it changes: it must be seen and then gone.
    let seen = false;
    let held = -1;
    const stop = adminDb()
      .collection(`rooms/${DEFAULT_ROOM_ID}/attachments`)
      .where('name', '==', file.name)
      .onSnapshot((snap) => {
        held = snap.size;
        if (snap.size > 0) seen = true;
      });

    // Hold Firestore's writes from the upload's first one (its meta document) on, so the upload is
    // caught in flight whatever the machine's speed: the SDK sends nothing more until it is answered.
    const routes: Route[] = [];
    let holding = false;
    let released = false;
    await ana.page.route(/google\.firestore\.v1\.Firestore\/Write/, (route) => {
      if (!released && route.request().postData()?.includes('attachments')) holding = true;
      if (holding && !released) routes.push(route);
      else void route.continue();
    });
    const caption = `never mind ${uniqueId()}`;
    await submit(ana.page, caption);
    const item = messageItem(ana.page, caption);
    await item.getByRole('progressbar', { name: 'Upload progress' }).waitFor();
    await expect.poll(() => holding, POLL).toBe(true);
    await item.getByRole('button', { name: 'Cancel upload' }).click();
    await item.waitFor({ state: 'detached' });
    released = true;
    for (const route of routes.splice(0)) await route.continue();

    // the meta reached the server and the cancel deleted it
    await expect.poll(() => seen && held === 0, POLL).toBe(true);
    stop();
    const sent = await adminDb().collection(`rooms/${DEFAULT_ROOM_ID}/messages`).where('text', '==', caption).get();
    expect(sent.size).toBe(0);
    // and it does not come back after a reload
    await ana.page.reload();
    await composer(ana.page).waitFor();
    expect(await messageItem(ana.page, caption).count()).toBe(0);
    await ana.context.close();
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectId, uniqueId } from '../support/env';
import { seedRoom, signedInPerson } from './support/admin';
import { launchBrowser, newPage, newUser, openRoom, roomLink, screenshot, signUp } from './support/browser';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A truecolor PNG of a diagonal gradient, encoded here so the test needs no image files. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) raw.set([(x * 255) / width, (y * 255) / height, (x + y) % 256], row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PDF header then random bytes: every byte value, so any corruption would show in the checksum. */
function pdfLike(size: number): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.4\n', 'ascii'), randomBytes(size - 9)]);
}

const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });

/**
 * Sends what is in the composer. Right after sign-up the chat may still be joining the room and
 * answers "Open a room first."; a person presses Enter again, and so does this.
 */
async function submit(page: Page, text = '') {
  if (text) await composer(page).fill(text);
  await expect
    .poll(
      async () => {
        await composer(page).press('Enter');
        return page.getByText('Open a room first.').count();
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(0);
}

/** Hands the composer a file the way the browser does on paste or drop. */
async function giveFile(page: Page, how: 'paste' | 'drop', file: { name: string; mimeType: string; buffer: Buffer }) {
  await composer(page).evaluate(
    (el, { how, name, type, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      const init = { bubbles: true, cancelable: true };
      el.dispatchEvent(
        how === 'paste'
          ? new ClipboardEvent('paste', { ...init, clipboardData: transfer })
          : new DragEvent('drop', { ...init, dataTransfer: transfer }),
      );
    },
    { how, name: file.name, type: file.mimeType, b64: file.buffer.toString('base64') },
  );
}

/** Clicks a download control and returns the saved file's bytes and suggested name. */
async function downloadBy(page: Page, click: () => Promise<void>): Promise<{ bytes: Buffer; name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { bytes: await readFile(path), name: download.suggestedFilename() };
}

function adminDb() {
  const app = getApps().find((a) => a.name === 'e2e-attachments') ?? initializeApp({ projectId }, 'e2e-attachments');
  return getFirestore(app);
}

describe('attachments between two people', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a photo (file picker) and a PDF (paste) arrive intact, byte for byte', async () => {
    const ana = await newPage(browser);
    const ben = await newPage(browser);
    await signUp(ana.page, newUser('Ana'));
    await signUp(ben.page, newUser('Ben'));

    const photo = { name: `diagram-${uniqueId()}.png`, mimeType: 'image/png', buffer: png(320, 200) };
    const [chooser] = await Promise.all([
      ana.page.waitForEvent('filechooser'),
      ana.page.getByRole('button', { name: 'Attach a file' }).click(),
    ]);
    await chooser.setFiles(photo);
    await ana.page.getByRole('img', { name: `Preview of ${photo.name}` }).waitFor();
    const caption = `look at this ${uniqueId()}`;
    await submit(ana.page, caption);
    await ana.page.getByRole('group', { name: 'Attachment' }).waitFor({ state: 'detached' });

    const thumb = ben.page.getByRole('button', { name: `Open image ${photo.name}` });
    await thumb.waitFor();
    await ben.page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: caption }).getByRole('img', { name: photo.name }).waitFor();
    await thumb.click();
    const dialog = ben.page.getByRole('dialog', { name: photo.name });
    await dialog.waitFor();
    const savedPhoto = await downloadBy(ben.page, () => dialog.getByRole('button', { name: 'Download' }).click());
    expect(savedPhoto.name).toBe(photo.name);
    expect(sha256(savedPhoto.bytes)).toBe(sha256(photo.buffer));
    await ben.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    const pdf = { name: `report-${uniqueId()}.pdf`, mimeType: 'application/pdf', buffer: pdfLike(1_300_000) };
    await giveFile(ana.page, 'paste', pdf);
    await ana.page.getByRole('group', { name: 'Attachment' }).getByText(pdf.name).waitFor();
    await submit(ana.page);

    const chip = ben.page.getByRole('group', { name: `File ${pdf.name}` });
    await chip.waitFor();
    await chip.getByText('PDF document · 1.2 MB').waitFor();
    const savedPdf = await downloadBy(ben.page, () => chip.getByRole('button', { name: `Download ${pdf.name}` }).click());
    expect(savedPdf.name).toBe(pdf.name);
    expect(savedPdf.bytes.length).toBe(pdf.buffer.length);
    expect(sha256(savedPdf.bytes)).toBe(sha256(pdf.buffer));

    await ana.context.close();
    await ben.context.close();
  });

  it('a file sent without words is previewed in the room list as a file, not as an empty line', async () => {
    const [ana, ben] = await Promise.all([signedInPerson(browser, 'Ana'), signedInPerson(browser, 'Ben')]);
    const roomId = await seedRoom([ana.person, ben.person], 'files');
    await Promise.all([openRoom(ana.page, roomId), openRoom(ben.page, roomId)]);
    const pdf = { name: `notes-${uniqueId()}.pdf`, mimeType: 'application/pdf', buffer: pdfLike(2_000) };
    await giveFile(ana.page, 'paste', pdf);
    await ana.page.getByRole('group', { name: 'Attachment' }).getByText(pdf.name).waitFor();
    await submit(ana.page);
    await ben.page.getByRole('group', { name: `File ${pdf.name}` }).waitFor();
    const room = await adminDb().doc(`rooms/${roomId}`).get();
    const title = String(room.get('name'));
    // a timeout says what the room's summary holds (the function's half) beside what the page shows
    await roomLink(ana.page, title)
      .getByText('You sent a file')
      .waitFor()
      .catch(async (error: Error) => {
        const now = (await adminDb().doc(`rooms/${roomId}`).get()).data();
        const shown = await roomLink(ana.page, title).innerText().catch(() => '(no link)');
        const messages = (await adminDb().collection(`rooms/${roomId}/messages`).orderBy('createdAt', 'desc').get()).docs.map(
          (d) => `${d.id} ${d.get('createdAt')?.toMillis?.()} hidden=${d.get('hidden')} deleted=${d.get('deleted')} text=${JSON.stringify(d.get('text'))}`,
        );
        throw new Error(
          `${error.message}\nroom summary: ${JSON.stringify(now?.lastMessage ?? null)}, count ${now?.messageCount}\nmessages, newest first: ${messages.join('; ')}\nlink shows: ${shown}`,
        );
      });
    await roomLink(ben.page, title).getByText(`${ana.person.name} sent a file`).waitFor();
    await ana.context.close();
    await ben.context.close();
  });

  it('a large dropped image is scaled down to 2048 px before upload and shown full size on click', async () => {
    const ana = await newPage(browser);
    const ben = await newPage(browser);
    await signUp(ana.page, newUser('Ana'));
    await signUp(ben.page, newUser('Ben'));

    const stem = `panorama-${uniqueId()}`;
    await giveFile(ana.page, 'drop', { name: `${stem}.png`, mimeType: 'image/png', buffer: png(3000, 1500) });
    await ana.page.getByRole('img', { name: `Preview of ${stem}.webp` }).waitFor();
    const caption = `the view from here ${uniqueId()}`;
    await submit(ana.page, caption);

    const thumb = ben.page.getByRole('button', { name: `Open image ${stem}.webp` });
    await thumb.waitFor();
    await expect.poll(() => thumb.getByRole('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2048);
    await ben.page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: caption }).scrollIntoViewIfNeeded();
    await screenshot(ben.page, 'attachment-image-message-1280x800');

    await thumb.click();
    const full = ben.page.getByRole('dialog', { name: `${stem}.webp` }).getByRole('img');
    await full.waitFor();
    expect(await full.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([2048, 1024]);
    await ben.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await ben.page.getByRole('dialog').waitFor({ state: 'hidden' });

    await ana.context.close();
    await ben.context.close();
  });

  it('cancelling an upload removes what was written and sends nothing', async () => {
    const ana = await newPage(browser);
    await signUp(ana.page, newUser('Ana'));
    const file = { name: `big-${uniqueId()}.zip`, mimeType: 'application/zip', buffer: randomBytes(5 * 1024 * 1024) };
    await giveFile(ana.page, 'drop', file);
    const draft = ana.page.getByRole('group', { name: 'Attachment' });
    await draft.getByText(file.name).waitFor();

    // Hold Firestore's writes so the upload is caught in flight, whatever the machine's speed.
    const held: Route[] = [];
    let holding = true;
    await ana.page.route(/google\.firestore\.v1\.Firestore\/Write/, (route) => {
      if (holding) held.push(route);
      else void route.continue();
    });
    await submit(ana.page);
    await draft.getByRole('progressbar', { name: 'Upload progress' }).waitFor();
    await draft.getByRole('button', { name: 'Cancel upload' }).click();
    holding = false;
    for (const route of held.splice(0)) await route.continue();
    await draft.getByText('Upload cancelled.').waitFor();
    await draft.getByRole('button', { name: 'Remove attachment' }).waitFor();

    const stored = await adminDb()
      .collection('rooms/general/attachments')
      .where('name', '==', file.name)
      .limit(5)
      .get();
    expect(stored.size).toBe(0);
    expect(await ana.page.getByRole('list', { name: 'Messages' }).getByText(file.name).count()).toBe(0);

    await draft.getByRole('button', { name: 'Remove attachment' }).click();
    await draft.waitFor({ state: 'detached' });
    await ana.context.close();
  });
});

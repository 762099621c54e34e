import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { projectId, uniqueId } from '../support/env';
import { peopleInRoom } from './support/admin';
import { roomLink, screenshot, suiteBrowser, withAccount } from './support/browser';
import { downloadBy, giveFile, pdfLike, png, sha256, submit } from './support/files';

function adminDb() {
  const app = getApps().find((a) => a.name === 'e2e-attachments') ?? initializeApp({ projectId }, 'e2e-attachments');
  return getFirestore(app);
}

const browser = await suiteBrowser();

describe('attachments between two people', () => {
  it('a photo (file picker) and a PDF (paste) arrive intact, byte for byte', async () => {
    // a room of their own: in #general other files' people join while this runs, and each join
    // notice moves the list under a click (once a Download click landed beside its button)
    const {
      people: [ana, ben],
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'files');

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
    await ben.page
      .getByRole('list', { name: 'Messages' })
      .getByRole('listitem')
      .filter({ hasText: caption })
      .getByRole('img', { name: photo.name })
      .waitFor();
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
    const savedPdf = await downloadBy(ben.page, () =>
      chip.getByRole('button', { name: `Download ${pdf.name}` }).click(),
    );
    expect(savedPdf.name).toBe(pdf.name);
    expect(savedPdf.bytes.length).toBe(pdf.buffer.length);
    expect(sha256(savedPdf.bytes)).toBe(sha256(pdf.buffer));

    await ana.context.close();
    await ben.context.close();
  });

  it('a file sent without words is previewed in the room list as a file, not as an empty line', async () => {
    const {
      people: [ana, ben],
      roomId,
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'files');
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
        const shown = await roomLink(ana.page, title)
          .innerText()
          .catch(() => '(no link)');
        const messages = (
          await adminDb().collection(`rooms/${roomId}/messages`).orderBy('createdAt', 'desc').get()
        ).docs.map(
          (d) =>
            `${d.id} ${d.get('createdAt')?.toMillis?.()} hidden=${d.get('hidden')} deleted=${d.get('deleted')} text=${JSON.stringify(d.get('text'))}`,
        );
        throw withAccount(
          error,
          `room summary: ${JSON.stringify(now?.lastMessage ?? null)}, count ${now?.messageCount}\nmessages, newest first: ${messages.join('; ')}\nlink shows: ${shown}`,
        );
      });
    await roomLink(ben.page, title).getByText(`${ana.person.name} sent a file`).waitFor();
    await ana.context.close();
    await ben.context.close();
  });

  it('a large dropped image is scaled down to 2048 px before upload and shown full size on click', async () => {
    // a room of their own: in #general other files' people join while this runs, and each join
    // notice moves the list under a click (once a Download click landed beside its button)
    const {
      people: [ana, ben],
    } = await peopleInRoom(browser, ['Ana', 'Ben'], 'files');

    const stem = `panorama-${uniqueId()}`;
    await giveFile(ana.page, 'drop', { name: `${stem}.png`, mimeType: 'image/png', buffer: png(3000, 1500) });
    await ana.page.getByRole('img', { name: `Preview of ${stem}.webp` }).waitFor();
    const caption = `the view from here ${uniqueId()}`;
    await submit(ana.page, caption);

    const thumb = ben.page.getByRole('button', { name: `Open image ${stem}.webp` });
    await thumb.waitFor();
    await expect
      .poll(() => thumb.getByRole('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(2048);
    await ben.page
      .getByRole('list', { name: 'Messages' })
      .getByRole('listitem')
      .filter({ hasText: caption })
      .scrollIntoViewIfNeeded();
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
});

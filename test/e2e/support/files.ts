import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A truecolor PNG of a diagonal gradient, encoded here so the tests need no image files. */
export function png(width: number, height: number): Buffer {
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
export function pdfLike(size: number): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.4\n', 'ascii'), randomBytes(size - 9)]);
}

export const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });

/** Hands the composer a file the way the browser does on paste or drop. */
export async function giveFile(
  page: Page,
  how: 'paste' | 'drop',
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
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
export async function downloadBy(page: Page, click: () => Promise<void>): Promise<{ bytes: Buffer; name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { bytes: await readFile(path), name: download.suggestedFilename() };
}

/**
 * Sends what is in the composer. Right after sign-up the chat may still be joining the room and
 * answers "Open a room first."; a person presses Enter again, and so does this.
 */
export async function submit(page: Page, text = ''): Promise<void> {
  if (text) await composer(page).fill(text);
  await expect
    .poll(
      async () => {
        await composer(page).press('Enter');
        return page.getByText('Open a room first.').count();
      },
      { interval: 500 },
    )
    .toBe(0);
}

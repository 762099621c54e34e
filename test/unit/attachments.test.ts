import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { ATTACHMENT_CHUNK_BYTES, MAX_ATTACHMENT_BYTES } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import { chunkCountFor, chunkLength, joinChunks, splitIntoChunks } from '../../web/src/lib/chunks';
import { checkAttachment, cleanFileName, contentTypeFor, formatSize, isImageType } from '../../web/src/lib/files';
import { fitWithin, renamedFor } from '../../web/src/lib/image';
import { sha256Hex } from '../../web/src/lib/sha256';

describe('chunks', () => {
  it('counts ceil(size / 512 KB) chunks', () => {
    expect(chunkCountFor(1)).toBe(1);
    expect(chunkCountFor(ATTACHMENT_CHUNK_BYTES)).toBe(1);
    expect(chunkCountFor(ATTACHMENT_CHUNK_BYTES + 1)).toBe(2);
    expect(chunkCountFor(MAX_ATTACHMENT_BYTES)).toBe(10);
  });

  it('splits into full chunks and a remainder that join back to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 64 }), (bytes, size) => {
        const chunks = splitIntoChunks(bytes, size);
        expect(chunks.length).toBe(chunkCountFor(bytes.length, size));
        chunks.forEach((c, i) => expect(c.length).toBe(chunkLength(bytes.length, i, size)));
        expect(joinChunks(chunks, bytes.length)).toEqual(bytes);
      }),
    );
  });

  it('refuses to join parts that do not add up to the size', () => {
    expect(() => joinChunks([new Uint8Array(3)], 4)).toThrow(RangeError);
  });
});

describe('sha256Hex', () => {
  it('matches Node’s SHA-256, also for a view into a larger buffer', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const big = new Uint8Array(100).map((_, i) => i);
    const view = big.subarray(10, 20);
    expect(await sha256Hex(view)).toBe(createHash('sha256').update(view).digest('hex'));
  });
});

describe('files', () => {
  it('takes an allowed browser type, else the extension’s, else refuses', () => {
    expect(contentTypeFor('a.pdf', 'application/pdf')).toBe('application/pdf');
    expect(contentTypeFor('notes.md', '')).toBe('text/markdown');
    expect(contentTypeFor('photo.JPG', '')).toBe('image/jpeg');
    expect(contentTypeFor('page.txt', 'text/plain;charset=utf-8')).toBe('text/plain');
    expect(contentTypeFor('evil.svg', 'image/svg+xml')).toBeNull();
    expect(contentTypeFor('tool.exe', 'application/x-msdownload')).toBeNull();
    expect(contentTypeFor('noext', '')).toBeNull();
  });

  it('explains empty, oversized and refused files', () => {
    expect(checkAttachment(10, 'application/pdf')).toBeNull();
    expect(checkAttachment(MAX_ATTACHMENT_BYTES, 'application/pdf')).toBeNull();
    expect(checkAttachment(MAX_ATTACHMENT_BYTES + 1, 'application/pdf')).toMatch(/at most 5\.0 MB/);
    expect(checkAttachment(0, 'text/plain')).toMatch(/empty/);
    expect(checkAttachment(10, null)).toMatch(/cannot be shared/);
  });

  it('formats sizes and tells images apart', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(3.4 * 1024 * 1024)).toBe('3.4 MB');
    expect(isImageType('image/webp')).toBe(true);
    expect(isImageType('application/pdf')).toBe(false);
  });

  it('keeps a file name without paths or control characters, at most 200 characters', () => {
    expect(cleanFileName('C:\\Users\\x\\report.pdf', 'application/pdf')).toBe('report.pdf');
    expect(cleanFileName('../../etc/notes.txt', 'text/plain')).toBe('notes.txt');
    expect(cleanFileName('a\u0000b\nc.txt', 'text/plain')).toBe('abc.txt');
    expect(cleanFileName('   ', 'text/plain')).toBe('file.txt');
    const long = cleanFileName(`${'x'.repeat(300)}.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(long.length).toBe(200);
    expect(long.endsWith('.docx')).toBe(true);
  });

  it('drops direction overrides and invisible characters, so a name reads as it is', () => {
    // U+202E makes 'invoice\u202Efdp.exe' show as 'invoiceexe.pdf'
    expect(cleanFileName('invoice\u202Efdp.exe', 'application/pdf')).toBe('invoicefdp.exe.pdf');
    expect(cleanFileName('re\u200Bport\u2066.pdf', 'application/pdf')).toBe('report.pdf');
  });

  it('gives a name the extension of its type when it carries another', () => {
    expect(cleanFileName('setup.exe', 'application/pdf')).toBe('setup.exe.pdf');
    expect(cleanFileName('photo.JPEG', 'image/jpeg')).toBe('photo.JPEG');
    expect(cleanFileName('photo', 'image/png')).toBe('photo.png');
    expect(cleanFileName('archive.zip', 'application/x-zip-compressed')).toBe('archive.zip');
    const long = cleanFileName(`${'x'.repeat(300)}.exe`, 'application/pdf');
    expect(long.length).toBe(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});

describe('image sizing', () => {
  it('keeps images that fit and scales the longest side down to 2048', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(4096, 3072)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(1000, 5000)).toEqual({ width: 410, height: 2048 });
    expect(fitWithin(100000, 1)).toEqual({ width: 2048, height: 1 });
  });

  it('never exceeds the limit and keeps the aspect ratio within rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20000 }), fc.integer({ min: 1, max: 20000 }), (w, h) => {
        const out = fitWithin(w, h);
        expect(Math.max(out.width, out.height)).toBeLessThanOrEqual(2048);
        const scale = Math.min(1, 2048 / Math.max(w, h));
        if (scale < 1) expect(Math.max(out.width, out.height)).toBe(2048);
        // each side is scaled by the same factor, up to rounding (and never below 1 px)
        expect(Math.abs(out.width - Math.max(1, w * scale))).toBeLessThanOrEqual(1);
        expect(Math.abs(out.height - Math.max(1, h * scale))).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('renames re-encoded images to their new type', () => {
    expect(renamedFor('holiday.PNG', 'image/webp')).toBe('holiday.webp');
    expect(renamedFor('scan.tiff.jpeg', 'image/jpeg')).toBe('scan.tiff.jpg');
    expect(renamedFor('.png', 'image/webp')).toBe('image.webp');
  });
});

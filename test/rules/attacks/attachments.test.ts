/**
 * Attachments: an upload is complete only with every chunk, chunks never outlive their meta
 * through a client, and a file's name says what it is.
 */
import {
  Bytes,
  deleteDoc,
  doc,
  collection,
  serverTimestamp,
  setDoc,
  updateDoc,
  writeBatch,
  type DocumentData,
} from 'firebase/firestore';
import { describe, it } from 'vitest';
import { UPLOAD_BYTES } from '@chat/shared';
import { allowed, at, countedMeta, denied, list, rulesSuite, seed } from '../support';
import { mal, seedWorld } from './world';

const CHUNK = 512 * 1024;
const env = await rulesSuite('attacks-attachments', seedWorld);

const meta = (extra: DocumentData = {}) => ({
  uploaderId: 'mal',
  messageId: 'm9',
  name: 'report.pdf',
  contentType: 'application/pdf',
  size: 2 * CHUNK + 10,
  sha256: 'a'.repeat(64),
  chunkCount: 3,
  complete: false,
  createdAt: serverTimestamp(),
  ...extra,
});
const stored = (extra: DocumentData = {}) => ({ ...meta(extra), createdAt: at(-1000) });
const META = 'rooms/pub/attachments/a1';
const path = (...rest: string[]) => doc(mal(env), 'rooms', 'pub', 'attachments', 'a1', ...rest);
const chunk = (index: number, size: number) => ({ index, data: Bytes.fromUint8Array(new Uint8Array(size)) });
const storedChunk = (index: number, size = CHUNK) => ({ index, data: Bytes.fromUint8Array(new Uint8Array(size)) });

describe('attack: attachments', () => {
  it.each<[string, DocumentData]>([
    ['a PDF named .exe', { name: 'invoice.exe' }],
    ['a PDF with no extension', { name: 'invoice' }],
    ['a right-to-left override that shows "fdp.exe" as "exe.pdf"', { name: 'invoice\u202Efdp.exe' }],
    ['a right-to-left isolate', { name: 'invoice\u2067exe.pdf' }],
    ['a pop direction formatting character', { name: 'a\u202C.pdf' }],
    ['a left-to-right mark', { name: 'a\u200E.pdf' }],
    ['a zero-width space', { name: 'in\u200Bvoice.pdf' }],
    ['a byte-order mark', { name: '\uFEFFinvoice.pdf' }],
    ['a newline', { name: 'a\n.pdf' }],
    ['a NUL', { name: 'a\u0000.pdf' }],
    ['a path', { name: '../../etc/passwd.pdf' }],
    ['a backslash path', { name: '..\\..\\boot.pdf' }],
    ['an HTML type', { contentType: 'text/html', name: 'x.html' }],
    ['an SVG', { contentType: 'image/svg+xml', name: 'x.svg' }],
    ['an executable type', { contentType: 'application/x-msdownload', name: 'x.exe' }],
    ['an image saved as a PDF', { contentType: 'image/png', name: 'scan.pdf' }],
  ])('refused: an upload with %s', async (_case, change) => {
    await denied(countedMeta(mal(env), 'mal', META, meta(change)));
  });
  it('accepted: the same upload named plainly, counted (the control)', async () => {
    await allowed(countedMeta(mal(env), 'mal', META, meta()));
  });

  // Files are stored bytes, billed for as long as they are kept: one member must not store without end.
  it('refused: a file stored without its count in the upload ledger', async () => {
    await denied(setDoc(path(), meta()));
    await denied(countedMeta(mal(env), 'mal', META, meta(), null));
  });
  it('refused: a file past the daily limit, and a fresh window while the day runs', async () => {
    const ledger = {
      since: at(-3_600_000),
      bytes: UPLOAD_BYTES - 1000,
      at: at(-1000),
      roomId: 'pub',
      attachmentId: 'old',
    };
    await seed(env, { 'uploadLedgers/mal': ledger });
    await denied(countedMeta(mal(env), 'mal', META, meta()));
    const fresh = {
      since: serverTimestamp(),
      bytes: 2 * CHUNK + 10,
      at: serverTimestamp(),
      roomId: 'pub',
      attachmentId: 'a1',
    };
    await denied(countedMeta(mal(env), 'mal', META, meta(), fresh));
    await allowed(countedMeta(mal(env), 'mal', META, meta({ size: 1000, chunkCount: 1 })));
  });

  it.each<[string, number[], () => Promise<void>]>([
    ['completing with the first chunk only', [0], () => updateDoc(path(), { complete: true })],
    ['completing with none of the chunks', [], () => updateDoc(path(), { complete: true })],
    ['leaving a hole: the third chunk after the first', [0], () => setDoc(path('chunks', '2'), chunk(2, 10))],
    ['writing the last chunk before the others', [], () => setDoc(path('chunks', '2'), chunk(2, 10))],
    ['writing the second chunk before the first', [], () => setDoc(path('chunks', '1'), chunk(1, CHUNK))],
    ['deleting a middle chunk to complete without it', [0, 1, 2], () => deleteDoc(path('chunks', '1'))],
    [
      'deleting a chunk of a finished file',
      [0, 1, 2],
      async () => {
        await seed(env, { 'rooms/pub/attachments/a1': stored({ complete: true }) });
        await deleteDoc(path('chunks', '0'));
      },
    ],
    ['overwriting a chunk with other bytes', [0], () => setDoc(path('chunks', '0'), chunk(0, CHUNK))],
    ['a chunk past the count', [0, 1, 2], () => setDoc(path('chunks', '3'), chunk(3, 10))],
    [
      'deleting a finished file (still referenced)',
      [0, 1, 2],
      async () => {
        await seed(env, { 'rooms/pub/attachments/a1': stored({ complete: true }) });
        await deleteDoc(path());
      },
    ],
    [
      'un-completing a finished file to rewrite it',
      [0, 1, 2],
      async () => {
        await seed(env, { 'rooms/pub/attachments/a1': stored({ complete: true }) });
        await updateDoc(path(), { complete: false });
      },
    ],
    [
      'renaming a finished file to .exe',
      [0, 1, 2],
      async () => {
        await seed(env, { 'rooms/pub/attachments/a1': stored({ complete: true }) });
        await updateDoc(path(), { name: 'report.exe' });
      },
    ],
    [
      'listing every file of the room',
      [],
      async () => {
        await list(collection(mal(env), 'rooms', 'pub', 'attachments'), 100);
      },
    ],
  ])('refused: %s', async (_case, chunks, attack) => {
    const docs: Record<string, DocumentData> = { 'rooms/pub/attachments/a1': stored() };
    for (const i of chunks) docs[`rooms/pub/attachments/a1/chunks/${i}`] = storedChunk(i, i === 2 ? 10 : CHUNK);
    await seed(env, docs);
    await denied(attack());
  });

  it("refused: writing chunks into the victim's upload, or deleting them", async () => {
    await seed(env, {
      'rooms/pub/attachments/v1': { ...stored(), uploaderId: 'vic' },
      'rooms/pub/attachments/v1/chunks/0': storedChunk(0),
    });
    await denied(setDoc(doc(mal(env), 'rooms', 'pub', 'attachments', 'v1', 'chunks', '1'), chunk(1, CHUNK)));
    const db = mal(env);
    const batch = writeBatch(db);
    batch.delete(doc(db, 'rooms', 'pub', 'attachments', 'v1', 'chunks', '0'));
    batch.delete(doc(db, 'rooms', 'pub', 'attachments', 'v1'));
    await denied(batch.commit());
  });
});

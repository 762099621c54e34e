/**
 * Attachments stored in Firestore, under the room, guarded by the room's rules (the Cloud Storage
 * emulator cannot run where this is tested): a meta document and its chunks of at most 512 KB.
 * Free of Vue so it runs the same in Node tests as in the browser.
 *
 * Upload order matters to the rules: the meta (complete false), then every chunk, then complete
 * true; only then may a message reference it, so others never see a half-written file.
 */
import { UPLOAD_BYTES, type AttachmentMeta, type AttachmentRef } from '@chat/shared';
import {
  Bytes,
  collection,
  doc,
  getDoc,
  getDocFromServer,
  serverTimestamp,
  setDoc,
  updateDoc,
  waitForPendingWrites,
  writeBatch,
  type DocumentData,
  type Firestore,
  type FirestoreDataConverter,
  type QueryDocumentSnapshot,
  type Timestamp,
  type WithFieldValue,
} from 'firebase/firestore';
import { chunkCountFor, joinChunks, splitIntoChunks } from '../lib/chunks';
import { sha256Hex } from '../lib/sha256';
import { errorCode } from '../lib/errors';
import { converter, refs } from './converters';
import { ledgerNow, nextUploadEntry } from './ledger';
import { writeOnce } from './writeOnce';

export type AttachmentMetaDoc = AttachmentMeta<Timestamp> & { id: string };

interface StoredChunk {
  index: number;
  data: Uint8Array;
}

const metaConverter = converter<AttachmentMeta<Timestamp>>();

const chunkConverter: FirestoreDataConverter<StoredChunk, DocumentData> = {
  toFirestore: (chunk) => ({ index: chunk.index, data: Bytes.fromUint8Array(chunk.data as Uint8Array) }),
  fromFirestore: (snap: QueryDocumentSnapshot) => {
    const data = snap.data();
    return { index: Number(data.index), data: (data.data as Bytes).toUint8Array() };
  },
};

export const attachmentRefs = {
  metas: (db: Firestore, roomId: string) => collection(db, 'rooms', roomId, 'attachments').withConverter(metaConverter),
  meta: (db: Firestore, roomId: string, id: string) =>
    doc(db, 'rooms', roomId, 'attachments', id).withConverter(metaConverter),
  chunk: (db: Firestore, roomId: string, id: string, index: number) =>
    doc(db, 'rooms', roomId, 'attachments', id, 'chunks', String(index)).withConverter(chunkConverter),
};

/**
 * Resolves once every write this client had queued, also those a page queued before a reload
 * (Firestore keeps and replays them), has been answered; waits while offline.
 */
export function queuedWritesSettled(db: Firestore): Promise<void> {
  return waitForPendingWrites(db);
}

/** A fresh attachment id, chosen by the client like message ids. */
export function newAttachmentId(db: Firestore, roomId: string): string {
  return doc(attachmentRefs.metas(db, roomId)).id;
}

export interface UploadInput {
  roomId: string;
  attachmentId: string;
  /** the message that will carry it; the rules tie the two together */
  messageId: string;
  uploaderId: string;
  name: string;
  contentType: string;
  bytes: Uint8Array;
  width: number | null;
  height: number | null;
}

export interface UploadOptions {
  /** fraction of chunks written, 0..1 */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export class UploadCancelled extends Error {
  constructor() {
    super('Upload cancelled.');
    this.name = 'UploadCancelled';
  }
}

export class IntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrityError';
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The rules' refusal of a file past UPLOAD_BYTES in UPLOAD_WINDOW_MS; `retryAt`: when the window ends. */
export class UploadLimitReached extends Error {
  override name = 'UploadLimitReached';
  constructor(readonly retryAt: Date) {
    super(`At most ${UPLOAD_BYTES} bytes of files a day; the next window at ${retryAt.toISOString()}`);
  }
}

/** Attempts at the meta's write: a refusal may be another upload of mine counted first (a tab, a room). */
const COUNT_ATTEMPTS = 3;

/**
 * Creates the meta counted in my upload ledger (uploadLedgers/{uid}), in one batch as the rules
 * want it. The ledger is the server's when it can be reached, else the cache's, so a file queued
 * offline waits in the SDK's queue like any write. A refusal is read back first (`stored`: the
 * answer was lost, as in writeOnce); otherwise the ledger may have moved under it (another tab's
 * or room's upload), and the write is tried again from the server's ledger. Throws
 * UploadLimitReached, writing nothing, when the file would pass the limit.
 */
async function createCounted(
  db: Firestore,
  input: UploadInput,
  meta: WithFieldValue<AttachmentMeta<Timestamp> & { id: string }> & { size: number },
  stored: () => Promise<boolean>,
): Promise<void> {
  const ledgerRef = refs.uploadLedger(db, input.uploaderId);
  for (let attempt = 1; ; attempt++) {
    const { freesAt, entry } = nextUploadEntry(await ledgerNow(ledgerRef), {
      size: meta.size,
      roomId: input.roomId,
      attachmentId: input.attachmentId,
    });
    if (freesAt) throw new UploadLimitReached(freesAt);
    const batch = writeBatch(db);
    batch.set(attachmentRefs.meta(db, input.roomId, input.attachmentId), meta);
    batch.set(ledgerRef, entry);
    try {
      await batch.commit();
      return;
    } catch (error) {
      if (errorCode(error) !== 'permission-denied') throw error;
      if (await stored().catch(() => false)) return;
      if (attempt === COUNT_ATTEMPTS) throw error;
    }
  }
}

/**
 * Writes the meta, each chunk in order, then marks it complete; resolves with the reference a
 * message carries. Each write that the rules refuse is read back from the server (writeOnce): one
 * already stored as sent is not a failure, since each is accepted once (a chunk is written once,
 * the meta created once, and completing wants an incomplete meta) and the SDK sends again a write
 * whose answer was lost. Cancelling (the signal) or a failure deletes whatever
 * was written, which the rules allow the uploader only before completion.
 */
export async function uploadAttachment(
  db: Firestore,
  input: UploadInput,
  options: UploadOptions = {},
): Promise<AttachmentRef> {
  const { roomId, attachmentId: id, bytes } = input;
  const { signal, onProgress } = options;
  const sha256 = await sha256Hex(bytes);
  const chunks = splitIntoChunks(bytes);
  const metaRef = attachmentRefs.meta(db, roomId, id);
  // Counted before each write starts: a write that failed midway may still have landed.
  let chunksTried = 0;
  let metaTried = false;
  try {
    if (signal?.aborted) throw new UploadCancelled();
    const chunkCount = chunkCountFor(bytes.length);
    /** the meta on the server is this upload's (its uploader, message and bytes), complete or not */
    const ours = async (complete: boolean) => {
      const meta = (await getDocFromServer(metaRef)).data();
      return (
        meta !== undefined &&
        meta.uploaderId === input.uploaderId &&
        meta.messageId === input.messageId &&
        meta.sha256 === sha256 &&
        meta.chunkCount === chunkCount &&
        (!complete || meta.complete)
      );
    };
    await createCounted(
      db,
      input,
      {
        id,
        uploaderId: input.uploaderId,
        messageId: input.messageId,
        name: input.name,
        contentType: input.contentType,
        size: bytes.length,
        sha256,
        chunkCount,
        complete: false,
        createdAt: serverTimestamp(),
      },
      () => ours(false),
    );
    metaTried = true;
    onProgress?.(0);
    for (const [index, data] of chunks.entries()) {
      if (signal?.aborted) throw new UploadCancelled();
      chunksTried = index + 1;
      const chunkRef = attachmentRefs.chunk(db, roomId, id, index);
      await writeOnce(
        () => setDoc(chunkRef, { index, data }),
        async () => {
          const stored = (await getDocFromServer(chunkRef)).data();
          return stored !== undefined && stored.index === index && sameBytes(stored.data, data);
        },
      );
      onProgress?.(chunksTried / chunks.length);
    }
    if (signal?.aborted) throw new UploadCancelled();
    await writeOnce(
      () => updateDoc(metaRef, { complete: true }),
      () => ours(true),
    );
  } catch (error) {
    if (metaTried) await deleteUpload(db, roomId, id, chunksTried).catch(() => undefined);
    throw error;
  }
  return {
    id,
    name: input.name,
    contentType: input.contentType,
    size: bytes.length,
    sha256,
    width: input.width,
    height: input.height,
  };
}

/**
 * Removes an unfinished upload: the meta and its chunks in one batch (the rules let chunks go
 * only with their meta, so a half-deleted upload cannot be completed); a function removes any
 * chunk a lost write left behind.
 */
export async function deleteUpload(db: Firestore, roomId: string, id: string, chunkCount: number): Promise<void> {
  const batch = writeBatch(db);
  for (let i = 0; i < chunkCount; i++) batch.delete(attachmentRefs.chunk(db, roomId, id, i));
  batch.delete(attachmentRefs.meta(db, roomId, id));
  await batch.commit();
}

/**
 * Reads every chunk, joins them and checks the size and the SHA-256 the message names; a
 * mismatch throws IntegrityError and hands out nothing.
 */
export async function downloadAttachment(
  db: Firestore,
  roomId: string,
  ref: AttachmentRef,
  onProgress?: (fraction: number) => void,
): Promise<Uint8Array> {
  const count = chunkCountFor(ref.size);
  let done = 0;
  const parts = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const snap = await getDoc(attachmentRefs.chunk(db, roomId, ref.id, index));
      if (!snap.exists()) throw new IntegrityError(`Part ${index + 1} of ${count} of “${ref.name}” is missing.`);
      onProgress?.(++done / count);
      return snap.data().data;
    }),
  );
  let bytes: Uint8Array;
  try {
    bytes = joinChunks(parts, ref.size);
  } catch {
    throw new IntegrityError(`“${ref.name}” does not have the size it should; it was not downloaded.`);
  }
  if ((await sha256Hex(bytes)) !== ref.sha256) {
    throw new IntegrityError(`“${ref.name}” does not match its checksum; it was not downloaded.`);
  }
  return bytes;
}

import { memberDocument, roomDocument, UPLOAD_BYTES, UPLOAD_WINDOW_MS } from '@chat/shared';
import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  Bytes,
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  serverTimestamp,
  setDoc,
  Timestamp,
  updateDoc,
  writeBatch,
  type Firestore,
} from 'firebase/firestore';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  downloadAttachment,
  IntegrityError,
  uploadAttachment,
  UploadCancelled,
  UploadLimitReached,
  type UploadInput,
} from '../../web/src/data/attachments';
import { at, countedMeta, list, rulesSuite } from './support';

const CHUNK = 512 * 1024;
const ROOM = 'room1';
const ATT = 'att1';
const SHA = 'a'.repeat(64);

const env = await rulesSuite('attachments');

const db = (uid: string): Firestore => env.authenticatedContext(uid).firestore() as unknown as Firestore;
const metaPath = (id = ATT) => `rooms/${ROOM}/attachments/${id}`;
const chunkPath = (index: number | string, id = ATT) => `${metaPath(id)}/chunks/${index}`;
const bytes = (n: number) => Bytes.fromUint8Array(new Uint8Array(n).fill(7));

/** A meta as the client writes it: 512 KB + 10 bytes, so two chunks (512 KB and 10 B). */
function meta(overrides: Record<string, unknown> = {}) {
  return {
    uploaderId: 'alice',
    messageId: 'm1',
    name: 'report.pdf',
    contentType: 'application/pdf',
    size: CHUNK + 10,
    sha256: SHA,
    chunkCount: 2,
    complete: false,
    createdAt: serverTimestamp(),
    ...overrides,
  };
}

/** alice and bob are members of ROOM; carol is signed in but not a member. */
async function seed(seedMeta?: Record<string, unknown>, chunks: number[] = []) {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const admin = ctx.firestore() as unknown as Firestore;
    await setDoc(
      doc(admin, `rooms/${ROOM}`),
      roomDocument({
        kind: 'public',
        name: 'room',
        createdBy: 'alice',
        createdAt: Timestamp.now(),
        memberCount: 2,
      }),
    );
    for (const uid of ['alice', 'bob']) {
      await setDoc(doc(admin, `users/${uid}`), {
        displayName: uid,
        nameLower: uid,
        photoURL: null,
        createdAt: Timestamp.now(),
      });
      // a membership: the member document and its room-list entry
      await setDoc(doc(admin, `users/${uid}/rooms/${ROOM}`), { joinedAt: Timestamp.now() });
      await setDoc(
        doc(admin, `rooms/${ROOM}/members/${uid}`),
        memberDocument({
          uid,
          role: uid === 'alice' ? 'owner' : 'member',
          displayName: uid,
          joinedAt: Timestamp.now(),
        }),
      );
    }
    if (seedMeta) {
      await setDoc(doc(admin, metaPath()), { ...seedMeta, createdAt: Timestamp.now() });
      for (const i of chunks) await setDoc(doc(admin, chunkPath(i)), { index: i, data: bytes(i === 0 ? CHUNK : 10) });
    }
  });
}

describe('rooms/{roomId}/attachments: create', () => {
  beforeEach(() => seed());

  it('lets a member create their own unfinished meta', async () => {
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath(), meta()));
  });
  it('accepts every size from 1 byte to exactly 5 MB with the matching chunk count', async () => {
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath('a'), meta({ size: 1, chunkCount: 1 })));
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath('b'), meta({ size: CHUNK, chunkCount: 1 })));
    await assertSucceeds(
      countedMeta(db('alice'), 'alice', metaPath('c'), meta({ size: 5 * 1024 * 1024, chunkCount: 10 })),
    );
  });
  it('refuses a non-member', async () => {
    await assertFails(countedMeta(db('carol'), 'carol', metaPath(), meta({ uploaderId: 'carol' })));
  });
  it('refuses an unauthenticated client', async () => {
    const anon = env.unauthenticatedContext().firestore() as unknown as Firestore;
    await assertFails(setDoc(doc(anon, metaPath()), meta()));
  });
  it('refuses a meta in someone else’s name', async () => {
    await assertFails(countedMeta(db('bob'), 'bob', metaPath(), meta()));
  });
  it('refuses a meta created already complete', async () => {
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ complete: true })));
  });
  it('refuses sizes of 0 and over 5 MB', async () => {
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ size: 0, chunkCount: 0 })));
    await assertFails(
      countedMeta(db('alice'), 'alice', metaPath(), meta({ size: 5 * 1024 * 1024 + 1, chunkCount: 11 })),
    );
  });
  it('refuses a chunk count that does not match the size', async () => {
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ chunkCount: 1 })));
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ chunkCount: 3 })));
  });
  it('refuses content types off the allow list', async () => {
    for (const contentType of ['image/svg+xml', 'text/html', 'application/octet-stream', 'application/x-msdownload']) {
      await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ contentType })));
    }
    await assertSucceeds(
      countedMeta(db('alice'), 'alice', metaPath(), meta({ contentType: 'image/png', name: 'cat.PNG' })),
    );
  });
  it('refuses a name whose extension is not one of its type', async () => {
    for (const name of ['report.exe', 'report', 'report.pdf.exe', 'report.pdfx', 'image.png']) {
      await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ name })));
    }
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath(), meta({ name: 'setup.exe.pdf' })));
    await assertSucceeds(
      countedMeta(db('alice'), 'alice', metaPath('j'), meta({ name: 'photo.jpeg', contentType: 'image/jpeg' })),
    );
  });
  it('refuses names with direction overrides, invisible or control characters, or a path', async () => {
    for (const name of [
      'invoice\u202Efdp.pdf',
      'report\u2066.pdf',
      're\u200Bport.pdf',
      'a\nb.pdf',
      'dir/report.pdf',
      'dir\\report.pdf',
    ]) {
      await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ name })));
    }
  });
  it('refuses a client-chosen createdAt, a malformed checksum, an empty name and extra fields', async () => {
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ createdAt: Timestamp.fromMillis(0) })));
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ sha256: 'A'.repeat(64) })));
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ sha256: 'abc' })));
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ name: '' })));
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta({ url: 'https://example.com/x' })));
  });
  it('refuses fields of the wrong type or length, and missing fields', async () => {
    const { messageId: _m, ...withoutMessageId } = meta();
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), withoutMessageId));
    for (const bad of [
      { messageId: 5 },
      { messageId: '' },
      { messageId: 'm'.repeat(201) },
      { messageId: 'm/1' },
      { name: 5 },
      { name: `${'n'.repeat(197)}.pdf` },
      { size: String(CHUNK + 10) },
      { sha256: 5 },
      { chunkCount: '2' },
      { contentType: 7 },
    ]) {
      await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta(bad)));
    }
    await assertSucceeds(
      countedMeta(
        db('alice'),
        'alice',
        metaPath(),
        meta({ name: `${'n'.repeat(196)}.pdf`, messageId: 'm'.repeat(200) }),
      ),
    );
  });
});

describe('rooms/{roomId}/attachments: read', () => {
  beforeEach(() => seed(meta({ complete: true }), [0, 1]));

  it('lets members get one by id; nobody lists them (a list would show the names of hidden files)', async () => {
    await assertSucceeds(getDoc(doc(db('bob'), metaPath())));
    await assertFails(list(collection(db('bob'), `rooms/${ROOM}/attachments`), 20));
    await assertFails(getDocs(collection(db('bob'), `rooms/${ROOM}/attachments`)));
  });
  it("a hidden message's file is readable only by its uploader and the room's admins", async () => {
    await seed({ ...meta({ complete: true }), hidden: true }, [0, 1]);
    await env.withSecurityRulesDisabled(async (ctx) => {
      const admin = ctx.firestore() as unknown as Firestore;
      await setDoc(
        doc(admin, `rooms/${ROOM}/members/bob`),
        memberDocument({ uid: 'bob', role: 'member', displayName: 'bob', joinedAt: Timestamp.now() }),
      );
      await setDoc(doc(admin, `users/dave/rooms/${ROOM}`), { joinedAt: Timestamp.now() });
      await setDoc(
        doc(admin, `rooms/${ROOM}/members/dave`),
        memberDocument({ uid: 'dave', role: 'admin', displayName: 'dave', joinedAt: Timestamp.now() }),
      );
      await setDoc(doc(admin, metaPath()), {
        ...meta({ complete: true, uploaderId: 'bob' }),
        hidden: true,
        createdAt: Timestamp.now(),
      });
    });
    await assertSucceeds(getDoc(doc(db('bob'), metaPath())));
    await assertSucceeds(getDoc(doc(db('dave'), chunkPath(0))));
    await assertSucceeds(getDoc(doc(db('alice'), chunkPath(1))));
    await seed(undefined);
    await env.withSecurityRulesDisabled(async (ctx) => {
      const admin = ctx.firestore() as unknown as Firestore;
      await setDoc(doc(admin, metaPath()), {
        ...meta({ complete: true, uploaderId: 'alice' }),
        hidden: true,
        createdAt: Timestamp.now(),
      });
    });
    await assertFails(getDoc(doc(db('bob'), metaPath())));
    await assertFails(getDoc(doc(db('bob'), chunkPath(0))));
    await assertFails(list(collection(db('bob'), `${metaPath()}/chunks`), 10));
  });
  it('refuses a non-member get, list and collection-group query', async () => {
    await assertFails(getDoc(doc(db('carol'), metaPath())));
    await assertFails(list(collection(db('carol'), `rooms/${ROOM}/attachments`), 20));
    await assertFails(list(collectionGroup(db('carol'), 'attachments'), 20));
  });
  it('refuses collection-group queries even to members', async () => {
    await assertFails(list(collectionGroup(db('bob'), 'attachments'), 20));
  });
});

describe('rooms/{roomId}/attachments: complete and delete', () => {
  it('lets the uploader mark it complete once the last chunk is written', async () => {
    await seed(meta(), [0, 1]);
    await assertSucceeds(updateDoc(doc(db('alice'), metaPath()), { complete: true }));
  });
  it('refuses completion while the last chunk is missing', async () => {
    await seed(meta(), [0]);
    await assertFails(updateDoc(doc(db('alice'), metaPath()), { complete: true }));
  });
  it('refuses completion by another member', async () => {
    await seed(meta(), [0, 1]);
    await assertFails(updateDoc(doc(db('bob'), metaPath()), { complete: true }));
  });
  it('refuses any other change to the meta', async () => {
    await seed(meta(), [0, 1]);
    await assertFails(updateDoc(doc(db('alice'), metaPath()), { complete: true, size: CHUNK + 11 }));
    await assertFails(updateDoc(doc(db('alice'), metaPath()), { name: 'other.pdf' }));
    await assertFails(updateDoc(doc(db('alice'), metaPath()), { messageId: 'm2' }));
  });
  it('refuses to reopen a complete attachment', async () => {
    await seed(meta({ complete: true }), [0, 1]);
    await assertFails(updateDoc(doc(db('alice'), metaPath()), { complete: false }));
  });
  it('lets the uploader delete an unfinished upload (cancel), alone or with its chunks', async () => {
    await seed(meta(), [0]);
    await assertSucceeds(deleteDoc(doc(db('alice'), metaPath())));
    await seed(meta(), [0]);
    const alice = db('alice');
    const batch = writeBatch(alice);
    batch.delete(doc(alice, chunkPath(0)));
    batch.delete(doc(alice, chunkPath(1)));
    batch.delete(doc(alice, metaPath()));
    await assertSucceeds(batch.commit());
  });
  it('refuses deleting a complete attachment, or someone else’s', async () => {
    await seed(meta(), [0]);
    await assertFails(deleteDoc(doc(db('bob'), metaPath())));
    await assertFails(deleteDoc(doc(env.unauthenticatedContext().firestore() as unknown as Firestore, metaPath())));
    await seed(meta({ complete: true }), [0, 1]);
    await assertFails(deleteDoc(doc(db('alice'), metaPath())));
  });
});

describe('rooms/{roomId}/attachments/{id}/chunks', () => {
  const chunk = (index: number, size: number) => ({ index, data: bytes(size) });

  it('lets the uploader write full chunks and a last chunk holding the rest, in order', async () => {
    await seed(meta());
    await assertFails(setDoc(doc(db('alice'), chunkPath(1)), chunk(1, 10)));
    await assertSucceeds(setDoc(doc(db('alice'), chunkPath(0)), chunk(0, CHUNK)));
    await assertSucceeds(setDoc(doc(db('alice'), chunkPath(1)), chunk(1, 10)));
  });
  it('refuses chunks of the wrong length', async () => {
    await seed(meta());
    await assertFails(setDoc(doc(db('alice'), chunkPath(0)), chunk(0, CHUNK - 1)));
    await seed(meta(), [0]);
    await assertFails(setDoc(doc(db('alice'), chunkPath(1)), chunk(1, 11)));
  });
  it('refuses an index past the chunk count, negative, not a number, or not matching the document id', async () => {
    await seed(meta(), [0]);
    await assertFails(setDoc(doc(db('alice'), chunkPath(2)), chunk(2, 10)));
    await assertFails(setDoc(doc(db('alice'), chunkPath(-1)), chunk(-1, 10)));
    await assertFails(setDoc(doc(db('alice'), chunkPath(1)), { index: '1', data: bytes(10) }));
    await assertFails(setDoc(doc(db('alice'), chunkPath(0)), chunk(1, 10)));
    await assertFails(setDoc(doc(db('alice'), chunkPath('01')), chunk(1, 10)));
  });
  it('refuses data that is not bytes, and extra fields', async () => {
    await seed(meta(), [0]);
    await assertFails(setDoc(doc(db('alice'), chunkPath(1)), { index: 1, data: 'x'.repeat(10) }));
    await assertFails(setDoc(doc(db('alice'), chunkPath(1)), { ...chunk(1, 10), note: 'x' }));
  });
  it('refuses chunks from anyone but the uploader', async () => {
    await seed(meta(), [0]);
    await assertFails(setDoc(doc(db('bob'), chunkPath(1)), chunk(1, 10)));
    await assertFails(setDoc(doc(db('carol'), chunkPath(1)), chunk(1, 10)));
  });
  it('refuses chunks once the attachment is complete, and overwriting a chunk', async () => {
    await seed(meta(), [0]);
    await assertFails(setDoc(doc(db('alice'), chunkPath(0)), chunk(0, CHUNK)));
    await seed(meta({ complete: true }), [0]);
    await assertFails(setDoc(doc(db('alice'), chunkPath(1)), chunk(1, 10)));
  });
  it('refuses chunks without a meta', async () => {
    await seed();
    await assertFails(setDoc(doc(db('alice'), chunkPath(0)), chunk(0, 10)));
  });
  it('lets members get and list (limited) chunks; refuses non-members and collection groups', async () => {
    await seed(meta({ complete: true }), [0, 1]);
    await assertSucceeds(getDoc(doc(db('bob'), chunkPath(1))));
    await assertSucceeds(list(collection(db('bob'), `${metaPath()}/chunks`), 10));
    await assertFails(getDocs(collection(db('bob'), `${metaPath()}/chunks`)));
    await assertFails(getDoc(doc(db('carol'), chunkPath(1))));
    await assertFails(list(collection(db('carol'), `${metaPath()}/chunks`), 10));
    await assertFails(list(collectionGroup(db('carol'), 'chunks'), 10));
    await assertFails(list(collectionGroup(db('bob'), 'chunks'), 10));
  });
  it('lets the uploader delete chunks of an unfinished upload only with its meta', async () => {
    await seed(meta(), [0]);
    await assertFails(deleteDoc(doc(db('bob'), chunkPath(0))));
    await assertFails(deleteDoc(doc(env.unauthenticatedContext().firestore() as unknown as Firestore, chunkPath(0))));
    // a chunk alone: the upload could then be completed with a hole in it
    await assertFails(deleteDoc(doc(db('alice'), chunkPath(0))));
    await seed(meta({ complete: true }), [0, 1]);
    await assertFails(deleteDoc(doc(db('alice'), chunkPath(1))));
  });
});

describe('the client upload and download (web/src/data/attachments.ts) under these rules', () => {
  beforeEach(() => seed());

  const payload = (size: number) => new Uint8Array(size).map((_, i) => (i * 31 + 7) % 256);
  const input = (bytes: Uint8Array, id = ATT): UploadInput => ({
    roomId: ROOM,
    attachmentId: id,
    messageId: 'm1',
    uploaderId: 'alice',
    name: 'data.bin.pdf',
    contentType: 'application/pdf',
    bytes,
    width: null,
    height: null,
  });
  async function storedDocs(id = ATT) {
    let count = 0;
    await env.withSecurityRulesDisabled(async (ctx) => {
      const admin = ctx.firestore() as unknown as Firestore;
      count += (await getDocs(collection(admin, `${metaPath(id)}/chunks`))).size;
      if ((await getDoc(doc(admin, metaPath(id)))).exists()) count += 1;
    });
    return count;
  }

  it('uploads in chunks that another member downloads byte for byte, with progress', async () => {
    const bytes = payload(2 * CHUNK + 1234);
    const progress: number[] = [];
    const ref = await uploadAttachment(db('alice'), input(bytes), { onProgress: (f) => progress.push(f) });
    expect(ref).toMatchObject({ id: ATT, size: bytes.length, contentType: 'application/pdf' });
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBe(4);
    const got = await downloadAttachment(db('bob'), ROOM, ref);
    expect(Buffer.from(got).equals(Buffer.from(bytes))).toBe(true);
    expect(await storedDocs()).toBe(4);
  });

  it('keeps the file from a non-member', async () => {
    const ref = await uploadAttachment(db('alice'), input(payload(100)));
    await expect(downloadAttachment(db('carol'), ROOM, ref)).rejects.toThrow();
  });

  it('cancelled midway, deletes the chunks written and the meta', async () => {
    const controller = new AbortController();
    const upload = uploadAttachment(db('alice'), input(payload(3 * CHUNK)), {
      signal: controller.signal,
      onProgress: (f) => {
        if (f >= 2 / 3) controller.abort();
      },
    });
    await expect(upload).rejects.toBeInstanceOf(UploadCancelled);
    expect(await storedDocs()).toBe(0);
  });

  it('refuses to hand out a file whose bytes do not match its checksum', async () => {
    const ref = await uploadAttachment(db('alice'), input(payload(CHUNK + 5)));
    await env.withSecurityRulesDisabled(async (ctx) => {
      await setDoc(doc(ctx.firestore() as unknown as Firestore, chunkPath(1)), { index: 1, data: bytes(5) });
    });
    await expect(downloadAttachment(db('bob'), ROOM, ref)).rejects.toBeInstanceOf(IntegrityError);
    await expect(downloadAttachment(db('bob'), ROOM, { ...ref, size: ref.size + 1 })).rejects.toBeInstanceOf(
      IntegrityError,
    );
  });
});

describe('a message carrying an attachment (the link the messages rule checks)', () => {
  const SIZE = CHUNK + 10;
  const ref = (overrides: Record<string, unknown> = {}) => ({
    id: ATT,
    name: 'report.pdf',
    contentType: 'application/pdf',
    size: SIZE,
    sha256: SHA,
    width: null,
    height: null,
    ...overrides,
  });
  /** The message and the sender's first ledger entry, in one batch, as the client sends them. */
  function send(uid: string, messageId: string, attachment: Record<string, unknown>) {
    const fs = db(uid);
    const batch = writeBatch(fs);
    batch.set(doc(fs, `rooms/${ROOM}/messages/${messageId}`), {
      authorId: uid,
      authorName: uid,
      text: '',
      createdAt: serverTimestamp(),
      kind: 'text',
      replyTo: null,
      mentions: [],
      attachment,
      editedAt: null,
      deleted: false,
      reactions: {},
      words: [],
      threadId: null,
      inRoom: true,
    });
    batch.set(doc(fs, `ledgers/${uid}`), { n: 1, at: { '0': serverTimestamp() }, roomId: ROOM, messageId });
    return batch.commit();
  }

  it('is accepted once the uploader’s attachment for this message is complete and matches', async () => {
    await seed(meta({ complete: true }), [0, 1]);
    await assertSucceeds(send('alice', 'm1', ref()));
  });
  it('is refused while the attachment is unfinished', async () => {
    await seed(meta(), [0, 1]);
    await assertFails(send('alice', 'm1', ref()));
  });
  it('is refused when the reference does not match the stored size, checksum or type', async () => {
    await seed(meta({ complete: true }), [0, 1]);
    await assertFails(send('alice', 'm1', ref({ size: SIZE - 1 })));
    await assertFails(send('alice', 'm1', ref({ sha256: 'b'.repeat(64) })));
    await assertFails(send('alice', 'm1', ref({ contentType: 'image/png' })));
  });
  it('is refused for someone else’s attachment, or one made for another message', async () => {
    await seed(meta({ complete: true }), [0, 1]);
    await assertFails(send('bob', 'm1', ref()));
    await assertFails(send('alice', 'm2', ref()));
  });
  it('is refused for an attachment that does not exist', async () => {
    await seed();
    await assertFails(send('alice', 'm1', ref()));
  });
});

describe('uploadLedgers/{uid}: files counted against the daily limit', () => {
  beforeEach(() => seed());

  const DAY = UPLOAD_WINDOW_MS;
  const SIZE = CHUNK + 10;
  const ledgerPath = (uid = 'alice') => `uploadLedgers/${uid}`;
  const now = serverTimestamp;
  /** The ledger as stored: a window begun `sinceAgoMs` ago holding `bytes`. */
  async function seedLedger(sinceAgoMs: number, bytes: number, uid = 'alice') {
    await env.withSecurityRulesDisabled(async (ctx) => {
      const admin = ctx.firestore() as unknown as Firestore;
      await setDoc(doc(admin, ledgerPath(uid)), {
        since: at(-sinceAgoMs),
        bytes,
        at: at(-1000),
        roomId: ROOM,
        attachmentId: 'earlier',
      });
    });
  }
  async function storedLedger() {
    let data: Record<string, unknown> | undefined;
    await env.withSecurityRulesDisabled(async (ctx) => {
      data = (await getDoc(doc(ctx.firestore() as unknown as Firestore, ledgerPath()))).data();
    });
    return data;
  }
  const entry = (extra: Record<string, unknown> = {}, id = ATT) => ({
    since: now(),
    bytes: SIZE,
    at: now(),
    roomId: ROOM,
    attachmentId: id,
    ...extra,
  });

  it('counts the first file in a new window, and the next ones in it', async () => {
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath('a'), meta()));
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath('b'), meta({ size: 1, chunkCount: 1 })));
    expect(await storedLedger()).toMatchObject({ bytes: SIZE + 1, roomId: ROOM, attachmentId: 'b' });
  });
  it('refuses a meta without its count, or with a count an earlier request wrote', async () => {
    await assertFails(countedMeta(db('alice'), 'alice', metaPath('a'), meta(), null));
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath('a'), meta()));
    // the ledger names file a: file b alone is not counted
    await assertFails(setDoc(doc(db('alice'), metaPath('b')), meta()));
  });
  it('refuses a count that names another file or room, or another time', async () => {
    await assertFails(countedMeta(db('alice'), 'alice', metaPath('a'), meta(), entry({}, 'b')));
    await assertFails(countedMeta(db('alice'), 'alice', metaPath('a'), meta(), entry({ roomId: 'room2' }, 'a')));
    await assertFails(countedMeta(db('alice'), 'alice', metaPath('a'), meta(), entry({ at: at(-1000) }, 'a')));
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath('a'), meta(), entry({}, 'a')));
  });
  it('refuses a count of other bytes than the file’s', async () => {
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta(), entry({ bytes: SIZE - 1 })));
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta(), entry({ bytes: 0 })));
    // a first window that claims to have begun earlier
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta(), entry({ since: at(-1000) })));
    await seedLedger(3_600_000, 1000);
    // the window's own start, with the file's bytes alone
    const since = (await storedLedger())?.since;
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta(), entry({ since, bytes: SIZE })));
    await assertFails(
      countedMeta(db('alice'), 'alice', metaPath(), meta(), entry({ since: at(-3_600_000), bytes: SIZE })),
    );
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta(), entry({ bytes: 1000 + SIZE })));
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath(), meta()));
  });
  it('refuses the file that would take the window past the limit, to the byte', async () => {
    await seedLedger(3_600_000, UPLOAD_BYTES - SIZE);
    await assertFails(countedMeta(db('alice'), 'alice', metaPath('a'), meta({ size: SIZE + 1, chunkCount: 2 })));
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath('a'), meta()));
    await assertFails(countedMeta(db('alice'), 'alice', metaPath('b'), meta({ size: 1, chunkCount: 1 })));
  });
  it('starts a new window only a day after the last began; counting on in an ended one passes', async () => {
    await seedLedger(DAY - 600_000, UPLOAD_BYTES);
    await assertFails(countedMeta(db('alice'), 'alice', metaPath('a'), meta(), entry({}, 'a')));
    await seedLedger(DAY + 1000, UPLOAD_BYTES);
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath('a'), meta(), entry({}, 'a')));
    expect(await storedLedger()).toMatchObject({ bytes: SIZE });
    await seedLedger(DAY + 1000, 1000);
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath('b'), meta()));
    expect(await storedLedger()).toMatchObject({ bytes: 1000 + SIZE });
  });
  it('refuses the ledger alone, naming a file that exists or none, in any shape', async () => {
    const alone = (data: Record<string, unknown>) => setDoc(doc(db('alice'), ledgerPath()), data);
    const shapes = [
      entry({ at: at(-1000) }),
      entry({ roomId: 'a/b' }),
      entry({}, 'x'.repeat(201)),
      { ...entry(), extra: 1 },
      entry({ since: at(-1000) }),
    ];
    await assertFails(alone(entry()));
    for (const shape of shapes) await assertFails(alone(shape));
    await seed(meta());
    await seedLedger(3_600_000, 1000);
    await assertFails(alone(entry()));
    for (const shape of shapes) await assertFails(alone(shape));
  });
  it('refuses other shapes, and anyone’s ledger but one’s own', async () => {
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta(), { ...entry(), extra: 1 }));
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta(), entry({ roomId: 'a/b' })));
    await assertFails(countedMeta(db('alice'), 'alice', metaPath(), meta(), entry({}, 'x'.repeat(201))));
    // bob counting alice's file in alice's ledger
    const fs = db('bob');
    const batch = writeBatch(fs);
    batch.set(doc(fs, metaPath()), meta({ uploaderId: 'bob' }));
    batch.set(doc(fs, ledgerPath('alice')), entry());
    await assertFails(batch.commit());
    await assertSucceeds(countedMeta(db('bob'), 'bob', metaPath(), meta({ uploaderId: 'bob' })));
    await assertSucceeds(getDoc(doc(db('bob'), ledgerPath('bob'))));
    await assertFails(getDoc(doc(db('alice'), ledgerPath('bob'))));
  });
  it('keeps the count of a cancelled upload', async () => {
    await assertSucceeds(countedMeta(db('alice'), 'alice', metaPath(), meta()));
    await assertSucceeds(deleteDoc(doc(db('alice'), metaPath())));
    expect(await storedLedger()).toMatchObject({ bytes: SIZE });
  });

  describe('the client (web/src/data/attachments.ts)', () => {
    const upload = (size: number, id: string) =>
      uploadAttachment(db('alice'), {
        roomId: ROOM,
        attachmentId: id,
        messageId: `m-${id}`,
        uploaderId: 'alice',
        name: 'notes.txt',
        contentType: 'text/plain',
        bytes: new Uint8Array(size).fill(65),
        width: null,
        height: null,
      });

    it('says when the window ends, writing nothing, for a file past the limit', async () => {
      await seedLedger(3_600_000, UPLOAD_BYTES - 100);
      const refused = await upload(101, 'a').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(UploadLimitReached);
      const retryAt = (refused as UploadLimitReached).retryAt.getTime();
      expect(retryAt).toBeGreaterThan(Date.now() + DAY - 3_600_000 - 60_000);
      expect(retryAt).toBeLessThan(Date.now() + DAY - 3_600_000 + 10 * 60_000);
      expect((await storedLedger())?.bytes).toBe(UPLOAD_BYTES - 100);
      await expect(upload(100, 'b')).resolves.toMatchObject({ id: 'b', size: 100 });
    });
    it('counts two files uploaded at once from one ledger read, each once', async () => {
      await Promise.all([upload(300, 'a'), upload(500, 'b')]);
      expect((await storedLedger())?.bytes).toBe(800);
    });
  });
});

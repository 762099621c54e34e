/**
 * An upload whose answers are lost: the uploader's connection to Firestore runs through a proxy
 * that lets a write through, swallows the server's reply until the write is stored, then cuts the
 * connection. The SDK reconnects and sends the same write again, and the rules refuse it (a chunk
 * is written once, the meta created once, and completing wants an incomplete meta). The app's
 * upload (web/src/data/attachments.ts) must still finish, with every byte stored once, whichever
 * of its writes lost its answer: the meta's creation, a chunk, or the completion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAttachmentId, uploadAttachment } from '../../web/src/data/attachments';
import { newMessageId } from '../../web/src/data/messages';
import { createRoom } from '../../web/src/data/rooms';
import { eventually, uniqueId } from '../support/env';
import { adminDb } from './support/admin';
import { newSimUser, type SimUser } from './support/clients';
import { startEmulatorProxy, type LossyProxy } from './support/lossyProxy';

/** Two chunks of 512 KB and a last one: enough to lose the answer of a chunk in the middle. */
const SIZE = 1_100_000;

describe('an upload whose answers are lost', () => {
  let proxy: LossyProxy;
  let uploader: SimUser;
  let roomId: string;

  beforeAll(async () => {
    proxy = await startEmulatorProxy();
    uploader = await newSimUser('uploader', { firestorePort: proxy.port });
    roomId = await createRoom(uploader.db, {
      kind: 'public',
      name: 'lost uploads',
      topic: '',
      uid: uploader.uid,
      displayName: uploader.name,
    });
  });

  afterAll(async () => {
    await uploader?.close();
    await proxy?.close();
  });

  const meta = (id: string) => adminDb().doc(`rooms/${roomId}/attachments/${id}`);
  const chunk = (id: string, index: number) => meta(id).collection('chunks').doc(String(index));

  /** Uploads a file, losing the answer of the write `lose` names. */
  async function upload(lose: 'meta' | 'chunk' | 'complete') {
    const id = newAttachmentId(uploader.db, roomId);
    const bytes = Uint8Array.from({ length: SIZE }, (_, i) => (i * 31 + 7) % 251);
    const before = proxy.connections();
    const ledger = adminDb().doc(`uploadLedgers/${uploader.uid}`);
    const counted = async () => Number((await ledger.get()).get('bytes') ?? 0);
    const countedBefore = await counted();
    let cut: Promise<number> | null = null;
    const arm = (marker: string, landed: () => Promise<boolean>) => {
      cut = proxy.loseAnswerAfter(marker, async () => {
        await eventually(async () => ((await landed()) ? true : undefined), 'the write to land');
      });
    };
    if (lose === 'meta') arm(`attachments/${id}`, async () => (await meta(id).get()).exists);
    if (lose === 'chunk') arm(`attachments/${id}/chunks/1`, async () => (await chunk(id, 1).get()).exists);
    const uploaded = uploadAttachment(
      uploader.db,
      {
        roomId,
        attachmentId: id,
        messageId: newMessageId(uploader.db, roomId),
        uploaderId: uploader.uid,
        name: `lost-${lose}-${uniqueId()}.pdf`,
        contentType: 'application/pdf',
        bytes,
        width: null,
        height: null,
      },
      {
        // the last chunk is stored: the next write of this upload is its completion
        onProgress: (fraction) => {
          if (lose === 'complete' && fraction === 1)
            arm(`attachments/${id}`, async () => (await meta(id).get()).get('complete') === true);
        },
      },
    );
    await expect(uploaded).resolves.toMatchObject({ id, size: SIZE });
    await cut;
    expect(proxy.connections()).toBeGreaterThan(before);
    const stored = await meta(id).get();
    expect(stored.get('complete')).toBe(true);
    const chunks = await meta(id).collection('chunks').orderBy('index').get();
    const joined = Buffer.concat(chunks.docs.map((d) => Buffer.from(d.get('data') as Uint8Array)));
    expect(chunks.size).toBe(3);
    expect(joined.equals(Buffer.from(bytes))).toBe(true);
    // counted once in the daily upload limit, whichever answer was lost
    expect(await counted()).toBe(countedBefore + SIZE);
  }

  it('finishes when the answer to creating the meta is lost', () => upload('meta'));
  it('finishes when the answer to a chunk is lost', () => upload('chunk'));
  it('finishes when the answer to the completion is lost', () => upload('complete'));
});

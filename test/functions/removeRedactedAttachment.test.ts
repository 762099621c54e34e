import { FieldValue } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { db } from '../../functions/src/lib/admin';
import { redactedAttachmentId, removeAttachmentOf } from '../../functions/src/messages/redacted';
import { eventually, uniqueId } from '../support/env';

const ref = (id: string) => ({
  id,
  name: 'a.pdf',
  contentType: 'application/pdf',
  size: 3,
  sha256: 'a'.repeat(64),
  width: null,
  height: null,
});

/** A message carrying a complete two-chunk attachment, written past the rules. */
async function seedMessageWithAttachment(roomId: string, messageId: string, attachmentId: string) {
  const room = db().collection('rooms').doc(roomId);
  const meta = room.collection('attachments').doc(attachmentId);
  await meta.set({
    uploaderId: 'u1',
    messageId,
    name: 'a.pdf',
    contentType: 'application/pdf',
    size: 3,
    sha256: 'a'.repeat(64),
    chunkCount: 2,
    complete: true,
    createdAt: FieldValue.serverTimestamp(),
  });
  await meta
    .collection('chunks')
    .doc('0')
    .set({ index: 0, data: Buffer.from([1, 2]) });
  await meta
    .collection('chunks')
    .doc('1')
    .set({ index: 1, data: Buffer.from([3]) });
  const message = room.collection('messages').doc(messageId);
  await message.set({ authorId: 'u1', authorName: 'U', text: '', attachment: ref(attachmentId), deleted: false });
  return { meta, message };
}

describe('removeRedactedAttachment', () => {
  it('removes the meta and every chunk once the message is redacted, on the emulator', async () => {
    const roomId = uniqueId('room');
    const { meta, message } = await seedMessageWithAttachment(roomId, uniqueId('m'), uniqueId('a'));
    await message.update({ deleted: true, text: '', attachment: null });
    await eventually(async () => ((await meta.get()).exists ? undefined : true), 'the meta to be deleted', 40_000);
    await eventually(
      async () => ((await meta.collection('chunks').limit(10).get()).empty ? true : undefined),
      'the chunks to be deleted',
      40_000,
    );
  });

  it('leaves an attachment alone while the message is not redacted', async () => {
    const roomId = uniqueId('room');
    const { meta, message } = await seedMessageWithAttachment(roomId, uniqueId('m'), uniqueId('a'));
    // the server's write of its reaction counts (lib/reactions.ts): no redaction
    await message.update({ reactions: { '👍': ['u2'] }, reactionCounts: { '👍': 1 } });
    // A second, redacting update on a different message proves the trigger ran meanwhile.
    const other = await seedMessageWithAttachment(roomId, uniqueId('m'), uniqueId('a'));
    await other.message.update({ deleted: true, attachment: null });
    await eventually(async () => ((await other.meta.get()).exists ? undefined : true), 'the other meta to go', 40_000);
    expect((await meta.get()).exists).toBe(true);
    expect((await meta.collection('chunks').get()).size).toBe(2);
  });

  it('is idempotent: a repeated delivery deletes nothing more and does not fail', async () => {
    const roomId = uniqueId('room');
    const messageId = uniqueId('m');
    const attachmentId = uniqueId('a');
    const { meta } = await seedMessageWithAttachment(roomId, messageId, attachmentId);
    expect(await removeAttachmentOf(roomId, messageId, attachmentId)).toBe(3);
    expect(await removeAttachmentOf(roomId, messageId, attachmentId)).toBe(0);
    expect((await meta.get()).exists).toBe(false);
  });

  it('does not remove an attachment that belongs to another message', async () => {
    const roomId = uniqueId('room');
    const attachmentId = uniqueId('a');
    const { meta } = await seedMessageWithAttachment(roomId, uniqueId('m'), attachmentId);
    expect(await removeAttachmentOf(roomId, 'someone-elses-message', attachmentId)).toBe(0);
    expect((await meta.get()).exists).toBe(true);
  });

  it('acts only on a redaction that carried an attachment', () => {
    expect(redactedAttachmentId({ attachment: ref('a1'), deleted: false }, { attachment: null, deleted: true })).toBe(
      'a1',
    );
    expect(
      redactedAttachmentId({ attachment: ref('a1'), deleted: false }, { attachment: ref('a1'), deleted: false }),
    ).toBeNull();
    expect(redactedAttachmentId({ attachment: null, deleted: false }, { attachment: null, deleted: true })).toBeNull();
    expect(redactedAttachmentId({ attachment: null, deleted: true }, { attachment: null, deleted: true })).toBeNull();
  });
});

/**
 * scripts/lib/backfill-thread-fields.mjs (run by `npm run migrate`) on the emulator, in a project
 * of its own (nothing else writes there): messages written before threads get threadId null and
 * inRoom true, so the room's history (which reads inRoom == true) shows them; messages that have
 * the fields are left as they are, and a second run finds nothing to do.
 */
import { textMessage } from '@chat/shared';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { backfillThreadFields } from '../../scripts/lib/backfill-thread-fields.mjs';
import { uniqueId } from '../support/env';
import { direct } from './support';

describe('backfill of the thread fields of messages', () => {
  it('writes threadId and inRoom on messages from before threads, and only there', async () => {
    const db = direct('demo-backfill-threads');
    const roomId = uniqueId('room');
    const message = (text: string) =>
      textMessage({ authorId: 'ana', authorName: 'Ana', text, createdAt: Timestamp.now() });
    const { threadId: _t, inRoom: _i, ...old } = message('from before threads');
    const room = message('a room message');
    const reply = message('a reply in a thread');
    const threaded = { ...reply, threadId: 'room-message', inRoom: false };
    const messages = db.collection(`rooms/${roomId}/messages`);
    await messages.doc('old').set(old);
    await messages.doc('room-message').set(room);
    await messages.doc('reply').set(threaded);
    const untouched = await Promise.all(['room-message', 'reply'].map((id) => messages.doc(id).get()));

    // the room's history, as the app reads it, misses the old message until the backfill
    const history = async () => (await messages.where('inRoom', '==', true).get()).docs.map((d) => d.id).sort();
    expect(await history()).toEqual(['room-message']);

    const first = await backfillThreadFields(db, { pageSize: 2 });
    expect(first).toMatchObject({ updated: 1, changedMeanwhile: 0 });
    expect(first.scanned).toBeGreaterThanOrEqual(3);
    expect((await messages.doc('old').get()).data()).toEqual({ ...old, threadId: null, inRoom: true });
    expect(await history()).toEqual(['old', 'room-message']);
    for (const before of untouched) {
      const after = await before.ref.get();
      expect(after.updateTime?.isEqual(before.updateTime!)).toBe(true);
    }

    expect(await backfillThreadFields(db)).toMatchObject({ updated: 0 });
  });
});

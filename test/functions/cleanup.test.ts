import { describe, expect, it } from 'vitest';
import { runCleanup } from '../../functions/src/scheduled/cleanup';
import { uniqueId } from '../support/env';
import { addMessage, at, direct, seedRoom } from './support';

describe('scheduled clean-up handler', () => {
  it('removes forgotten restrictions, abandoned and unsent uploads; keeps the rest, and scans no typing or presence', async () => {
    // a project of its own: the clean-up sweeps whole collections
    const db = direct('demo-functions-cleanup');
    const now = Date.now() + 365 * 24 * 3_600_000;
    const roomId = uniqueId('room');
    const id = uniqueId('x');
    const docs = {
      staleTyping: db.doc(`rooms/${roomId}/typing/${id}a`),
      freshTyping: db.doc(`rooms/${roomId}/typing/${id}b`),
      oldPresence: db.doc(`presence/${id}a`),
      recentPresence: db.doc(`presence/${id}b`),
      oldRestriction: db.doc(`restrictions/${id}a`),
      activeRestriction: db.doc(`restrictions/${id}b`),
      abandonedUpload: db.doc(`rooms/${roomId}/attachments/${id}a`),
      abandonedChunk: db.doc(`rooms/${roomId}/attachments/${id}a/chunks/0`),
      recentUpload: db.doc(`rooms/${roomId}/attachments/${id}b`),
      recentChunk: db.doc(`rooms/${roomId}/attachments/${id}b/chunks/0`),
      oldCompleteUpload: db.doc(`rooms/${roomId}/attachments/${id}c`),
      oldCompleteChunk: db.doc(`rooms/${roomId}/attachments/${id}c/chunks/0`),
      unsentUpload: db.doc(`rooms/${roomId}/attachments/${id}d`),
      unsentChunk: db.doc(`rooms/${roomId}/attachments/${id}d/chunks/0`),
      hiddenUpload: db.doc(`rooms/${roomId}/attachments/${id}e`),
    };
    const upload = (createdAt: number, complete: boolean, messageId = `${id}m`) => ({
      uploaderId: 'u1',
      messageId,
      name: 'a.pdf',
      contentType: 'application/pdf',
      size: 2,
      sha256: 'a'.repeat(64),
      chunkCount: 1,
      complete,
      createdAt: at(createdAt),
    });
    const chunk = { index: 0, data: Buffer.from([1, 2]) };
    await Promise.all([
      docs.staleTyping.set({ at: at(now - 61_000), displayName: 'a', threadId: null }),
      docs.freshTyping.set({ at: at(now - 5_000), displayName: 'b', threadId: null }),
      docs.oldPresence.set({ state: 'offline', lastSeen: at(now - 8 * 24 * 3_600_000) }),
      docs.recentPresence.set({ state: 'offline', lastSeen: at(now - 3_600_000) }),
      docs.oldRestriction.set({ mutedUntil: at(now - 25 * 3_600_000), strikes: 3, reason: 'x' }),
      docs.activeRestriction.set({ mutedUntil: at(now + 60_000), strikes: 1, reason: 'x' }),
      docs.abandonedUpload.set(upload(now - 25 * 3_600_000, false)),
      docs.abandonedChunk.set(chunk),
      docs.recentUpload.set(upload(now - 3_600_000, false)),
      docs.recentChunk.set(chunk),
      docs.oldCompleteUpload.set(upload(now - 25 * 3_600_000, true)),
      docs.oldCompleteChunk.set(chunk),
      // its message carries it
      db.doc(`rooms/${roomId}/messages/${id}m`).set({ authorId: 'u1', text: '', attachment: { id: `${id}c` } }),
      // never sent: no message names it
      docs.unsentUpload.set(upload(now - 25 * 3_600_000, true, `${id}n`)),
      docs.unsentChunk.set(chunk),
      // its message is hidden: the moderation queue holds the reference
      docs.hiddenUpload.set(upload(now - 25 * 3_600_000, true, `${id}h`)),
      db.doc(`rooms/${roomId}/messages/${id}h`).set({ authorId: 'u1', text: '', attachment: null, hidden: true }),
      db.doc(`rooms/${roomId}/moderationQueue/${id}h`).set({ status: 'pending', attachment: { id: `${id}e` } }),
    ]);
    const result = await runCleanup(db, now);
    for (const key of ['restrictions', 'abandonedUploads', 'unsentUploads'] as const)
      expect(result[key]).toBeGreaterThanOrEqual(1);
    const exists = Object.fromEntries(
      await Promise.all(Object.entries(docs).map(async ([k, ref]) => [k, (await ref.get()).exists])),
    );
    expect(exists).toEqual({
      // Firestore's TTL policy on typing.at deletes stale typing (not the emulator); presence
      // stays with its account: neither is an indexed range the clean-up scans
      staleTyping: true,
      freshTyping: true,
      oldPresence: true,
      recentPresence: true,
      oldRestriction: false,
      activeRestriction: true,
      abandonedUpload: false,
      abandonedChunk: false,
      recentUpload: true,
      recentChunk: true,
      oldCompleteUpload: true,
      oldCompleteChunk: true,
      unsentUpload: false,
      unsentChunk: false,
      hiddenUpload: true,
    });
    // each upload is looked at once: a second run starts after the last one seen
    expect((await runCleanup(db, now)).unsentUploads).toBe(0);
  });
});

describe('scheduled clean-up: handed-over flushes', () => {
  it('finishes a room summary that a busy flusher handed over before the room went quiet', async () => {
    const db = direct('demo-functions-cleanup-flush');
    const { roomId, owner } = await seedRoom(db, 1);
    await addMessage(db, roomId, owner, 'the last word');
    // a pending mark left behind by a flusher that handed over
    await db.doc(`coalesce/roomSummary_${roomId}/pending/e1`).set({ at: Date.now() });
    await db.doc(`coalesce/roomSummary_${roomId}`).set({ handedOverAt: Date.now() });
    const result = await runCleanup(db);
    expect(result.resumedFlushes).toBe(1);
    expect((await db.doc(`rooms/${roomId}`).get()).data()).toMatchObject({
      messageCount: 1,
      lastMessage: { excerpt: 'the last word' },
    });
    expect((await db.doc(`coalesce/roomSummary_${roomId}`).get()).get('handedOverAt')).toBe(0);
    expect((await db.collection(`coalesce/roomSummary_${roomId}/pending`).get()).size).toBe(0);
  });
});

describe('scheduled clean-up: messages held past their screening', () => {
  it('screens a message held long after it was written, as the trigger would, and releases it; leaves a fresh one to its trigger', async () => {
    // a project of its own: no trigger runs there, as when a message's event was lost
    const db = direct('demo-functions-cleanup-held');
    const { roomId, owner } = await seedRoom(db, 1);
    await db
      .doc(`rooms/${roomId}/config/moderation`)
      .set({ terms: { grapefruit: 'mask' }, reportThreshold: 3, maxLinks: 5, maxMentions: 10 });
    const now = Date.now();
    const held = (text: string, ageMs: number, extra: Record<string, unknown> = {}) =>
      addMessage(db, roomId, owner, text, { screened: false, createdAt: at(now - ageMs), ...extra });
    const blocked = await held('I like grapefruit', 10 * 60_000);
    const clean = await held('lunch at noon', 10 * 60_000);
    const fresh = await held('just now', 30_000);
    // an old message edited a moment ago is held again by its edit, and its own event judges it
    const edited = await held('edited just now', 3_600_000, { editedAt: at(now - 20_000) });
    const result = await runCleanup(db, now);
    expect(result.screenedHeld).toBe(2);
    const stored = async (id: string) => (await db.doc(`rooms/${roomId}/messages/${id}`).get()).data();
    expect(await stored(blocked)).toMatchObject({
      screened: true,
      text: 'I like **********',
      moderation: { action: 'masked' },
    });
    expect(await stored(clean)).toMatchObject({ screened: true, text: 'lunch at noon' });
    expect(await stored(fresh)).toMatchObject({ screened: false });
    expect(await stored(edited)).toMatchObject({ screened: false });
    expect((await runCleanup(db, now)).screenedHeld).toBe(0);
  });
});

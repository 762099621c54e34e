/**
 * A message whose commit becomes visible after later ones. On the emulator a message's createdAt
 * is the time its request arrived, and on a busy machine its commit can show after messages sent
 * later (the load test and the soak report by how many: "delivered late by up to N"). A gap-free
 * tail (web/src/data/messages.ts subscribeMessagesAfter) that has moved past the message's place
 * must still deliver it, once. The late commit is written here by the Admin SDK with a createdAt
 * before messages the reader already has, which is what such a commit looks like to a listener.
 */
import { textMessage } from '@chat/shared';
import { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageDoc } from '../../web/src/data/converters';
import { subscribeMessagesAfter } from '../../web/src/data/messages';
import { createRoom } from '../../web/src/data/rooms';
import { eventually, uniqueId } from '../support/env';
import { adminDb } from './support/admin';
import { newSimUser, type SimUser } from './support/clients';

describe('a commit visible after later ones', () => {
  let reader: SimUser;
  let roomId: string;

  beforeAll(async () => {
    reader = await newSimUser('late');
    roomId = await createRoom(reader.db, {
      kind: 'public',
      name: 'late commits',
      topic: '',
      uid: reader.uid,
      displayName: reader.name,
    });
  });

  afterAll(async () => {
    await reader?.close();
  });

  it('reaches a gap-free tail that has already moved past its place, exactly once', async () => {
    const messages = adminDb().collection(`rooms/${roomId}/messages`);
    const write = async (text: string, at: number) => {
      const ref = messages.doc();
      await ref.set(
        textMessage({ authorId: reader.uid, authorName: reader.name, text, createdAt: Timestamp.fromMillis(at) }),
      );
      return ref.id;
    };
    const start = Date.now() - 60_000;
    // six messages first: a tail in pages of 4 then reads the first page and moves on once, to the
    // page after the third (each move re-listens, which the emulator's Listen stream sometimes
    // breaks on, and the SDK then waits a minute: one move makes that rare here)
    const early: string[] = [];
    for (let i = 0; i < 6; i++) early.push(await write(`on time ${i} ${uniqueId()}`, start + i * 1000));
    const seen: MessageDoc[] = [];
    const stop = subscribeMessagesAfter(
      reader.db,
      roomId,
      (delivered) => seen.push(...delivered),
      (error) => {
        throw error;
      },
      // the page it left listens on for a minute here, so a slow machine cannot outwait it
      { pageSize: 4, lateMs: 60_000 },
    );
    try {
      await eventually(
        () => (early.every((id) => seen.some((m) => m.id === id)) ? true : undefined),
        'the reader to have the six',
        60_000,
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}: it has ${early.filter((id) => seen.some((m) => m.id === id)).length}`);
      });

      // now a commit dated between the second and the third: its place is in the first page
      const late = await write(`late ${uniqueId()}`, start + 1500);
      await eventually(
        () => (seen.some((m) => m.id === late) ? true : undefined),
        'the late message to reach the reader',
        60_000,
      );
      expect(seen.filter((m) => m.id === late)).toHaveLength(1);
      expect(new Set(seen.map((m) => m.id)).size).toBe(seen.length);
    } finally {
      stop();
    }
  });
});

/**
 * A commit that succeeds while its answer is lost: the sender's connection to Firestore runs
 * through a proxy that lets the write through, swallows the server's reply, waits until the
 * message is stored and then cuts the connection. The SDK reconnects and sends the same batch
 * again; the rules refuse it (the message exists now, so the batch is an update of it and the
 * ledger names a message that is not new). The app's send (web/src/data/messages.ts) must still
 * report the message as sent, exactly once, keep the sender's ledger in step for the next send,
 * and a retry must neither write nor fail.
 *
 * Texts carry uniqueId(), never a message's own id: a random id can spell a blocklisted word ("f4g"
 * reads as one), and the screening function then masks the text this test finds the message by.
 */
import { collection, limit, onSnapshot, orderBy, query } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageDoc } from '../../web/src/data/converters';
import { newMessageId, resendMessage, sendMessage, subscribeMessagesAfter } from '../../web/src/data/messages';
import { createRoom, joinPublicRoom } from '../../web/src/data/rooms';
import { eventually, uniqueId } from '../support/env';
import { adminDb } from './support/admin';
import { newSimUser, type SimUser } from './support/clients';
import { startEmulatorProxy, type LossyProxy } from './support/lossyProxy';

describe('a send whose answer is lost', () => {
  let proxy: LossyProxy;
  let sender: SimUser;
  let reader: SimUser;
  let roomId: string;
  const seen: MessageDoc[] = [];
  let stopReading = () => undefined as void;

  beforeAll(async () => {
    proxy = await startEmulatorProxy();
    sender = await newSimUser('lossy', { firestorePort: proxy.port });
    reader = await newSimUser('reader');
    roomId = await createRoom(sender.db, {
      kind: 'public',
      name: 'lost answers',
      topic: '',
      uid: sender.uid,
      displayName: sender.name,
    });
    await joinPublicRoom(reader.db, roomId, reader.uid, reader.name);
    stopReading = subscribeMessagesAfter(
      reader.db,
      roomId,
      (messages) => seen.push(...messages),
      (error) => {
        throw error;
      },
    );
  });

  afterAll(async () => {
    stopReading();
    await Promise.all([sender?.close(), reader?.close()]);
    await proxy?.close();
  });

  const stored = async (text: string) =>
    (await adminDb().collection(`rooms/${roomId}/messages`).where('text', '==', text).get()).docs.map((d) => d.id);
  const ledger = async () => (await adminDb().doc(`ledgers/${sender.uid}`).get()).data();

  it('reports the message sent, stores and delivers it once, and the next send goes out', async () => {
    const id = newMessageId(sender.db, roomId);
    const text = `answer lost ${uniqueId()}`;
    const before = proxy.connections();
    // the write goes through; its answer is swallowed until the message is stored, then the line drops
    const cut = proxy.loseAnswerAfter(`messages/${id}`, async () => {
      await eventually(async () => ((await stored(text)).length > 0 ? true : undefined), 'the commit to land');
    });
    const outcome = sendMessage(sender.db, { roomId, id, authorId: sender.uid, authorName: sender.name, text });
    await cut;
    // the SDK's own resend met the stored message and was refused; the send still counts as sent
    await expect(outcome).resolves.toBe('reconciled');
    expect(proxy.connections()).toBeGreaterThan(before);
    expect(await stored(text)).toEqual([id]);
    expect(await ledger()).toMatchObject({ n: 1, messageId: id });

    // the sender's next message takes the next place in the ledger, as if nothing had happened
    const nextId = newMessageId(sender.db, roomId);
    const next = `after the lost answer ${uniqueId()}`;
    await expect(
      sendMessage(sender.db, { roomId, id: nextId, authorId: sender.uid, authorName: sender.name, text: next }),
    ).resolves.toBe('committed');
    expect(await ledger()).toMatchObject({ n: 2, messageId: nextId });

    // the reader gets each exactly once
    await eventually(() => (seen.some((m) => m.id === nextId) ? true : undefined), 'the reader to see both');
    expect(seen.filter((m) => m.id === id)).toHaveLength(1);
    expect(seen.filter((m) => m.id === nextId)).toHaveLength(1);
  });

  it("the sender's own gap-free tail places its message once the lost answer is in, though a page of newer messages passed meanwhile", async () => {
    // a room of its own, read by the sender in pages of 4 (the load test reads in pages of 100)
    const room = await createRoom(sender.db, {
      kind: 'public',
      name: 'late answers',
      topic: '',
      uid: sender.uid,
      displayName: sender.name,
    });
    await joinPublicRoom(reader.db, room, reader.uid, reader.name);
    const own: MessageDoc[] = [];
    const stopOwn = subscribeMessagesAfter(
      sender.db,
      room,
      (messages) => own.push(...messages),
      (error) => {
        throw error;
      },
      { pageSize: 4 },
    );
    // what the sender's client holds from the server, to know the others' messages reached it
    const held = new Set<string>();
    const stopHeld = onSnapshot(
      query(collection(sender.db, 'rooms', room, 'messages'), orderBy('createdAt', 'desc'), limit(20)),
      { includeMetadataChanges: true },
      (snapshot) => {
        for (const d of snapshot.docs) if (!d.metadata.hasPendingWrites) held.add(d.id);
      },
    );
    try {
      const id = newMessageId(sender.db, room);
      const others: string[] = [];
      // the sender's message lands first; its answer is lost while the reader sends two pages more,
      // which reach the sender while its own message still shows as pending (last, in its view)
      const cut = proxy.loseAnswerAfter(`messages/${id}`, async () => {
        await eventually(
          async () => ((await adminDb().doc(`rooms/${room}/messages/${id}`).get()).exists ? true : undefined),
          'the commit to land',
        );
        for (let i = 0; i < 8; i++) {
          const otherId = newMessageId(reader.db, room);
          await sendMessage(reader.db, {
            roomId: room,
            id: otherId,
            authorId: reader.uid,
            authorName: reader.name,
            text: `meanwhile ${i} ${uniqueId()}`,
          });
          others.push(otherId);
        }
        await eventually(
          () => (others.every((o) => held.has(o)) ? true : undefined),
          "the others' messages to reach the sender",
        );
      });
      const outcome = sendMessage(sender.db, {
        roomId: room,
        id,
        authorId: sender.uid,
        authorName: sender.name,
        text: `late answer ${uniqueId()}`,
      });
      await cut;
      await expect(outcome).resolves.toBe('reconciled');
      // every message once, the sender's own among them, though it was answered after the others
      // the room's join notice (the Functions post one, late or not) is none of these
      const texts = () => own.filter((m) => m.kind === 'text');
      await eventually(() => (texts().length >= 9 ? true : undefined), 'the sender to read all nine', 15_000).catch(
        (error: unknown) => {
          throw new Error(
            `${String(error)}; read ${own.length}, its own ${own.some((m) => m.id === id) ? '' : 'not '}among them`,
          );
        },
      );
      expect(
        texts()
          .map((m) => m.id)
          .sort(),
      ).toEqual([id, ...others].sort());
      expect(new Set(own.map((m) => m.id)).size).toBe(own.length);
    } finally {
      stopOwn();
      stopHeld();
    }
  });

  it('a retry of a message the server has writes nothing and reports it sent', async () => {
    const id = newMessageId(sender.db, roomId);
    const text = `retried ${uniqueId()}`;
    const message = { roomId, id, authorId: sender.uid, authorName: sender.name, text };
    await expect(sendMessage(sender.db, message)).resolves.toBe('committed');
    const after = await ledger();

    // what Retry does (and an upload sent a second time): the server has it, so nothing is written
    await expect(resendMessage(sender.db, message)).resolves.toBe('reconciled');
    // a blind resend of the same batch is refused by the rules, and is still reported as sent
    await expect(sendMessage(sender.db, message)).resolves.toBe('reconciled');
    expect(await ledger()).toEqual(after);
    expect(await stored(text)).toEqual([id]);

    // and the ledger stays in step: the next send is accepted
    const nextId = newMessageId(sender.db, roomId);
    await expect(
      sendMessage(sender.db, {
        roomId,
        id: nextId,
        authorId: sender.uid,
        authorName: sender.name,
        text: `then ${uniqueId()}`,
      }),
    ).resolves.toBe('committed');
    expect(await ledger()).toMatchObject({ n: (after?.n as number) + 1, messageId: nextId });
  });
});

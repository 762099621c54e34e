/**
 * A Listen stream the emulator breaks (firebase-tools#8654): the proxy corrupts the server's next
 * answer on the stream that carries a new listener, as the emulator's fault does, and the SDK
 * refuses it with RESOURCE_EXHAUSTED and waits out its maximum backoff (30 to 90 s) before it
 * listens again. The suites' clients reconnect at once (test/support/listenStreams), so a message
 * sent meanwhile reaches the listener well before the backoff would have let it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMessageId, sendMessage, subscribeLatestMessages } from '../../web/src/data/messages';
import { createRoom, joinPublicRoom } from '../../web/src/data/rooms';
import { eventually, uniqueId } from '../support/env';
import { listenReconnects } from '../support/listenStreams';
import { newSimUser, type SimUser } from './support/clients';
import { startEmulatorProxy, type LossyProxy } from './support/lossyProxy';

/** the SDK's shortest wait after RESOURCE_EXHAUSTED: a 60 s maximum backoff, jittered by half */
const SHORTEST_MAX_BACKOFF_MS = 30_000;

describe('a Listen stream the emulator breaks', () => {
  let proxy: LossyProxy;
  let listener: SimUser;
  let writer: SimUser;

  beforeAll(async () => {
    proxy = await startEmulatorProxy();
    listener = await newSimUser('broken', { firestorePort: proxy.port });
    writer = await newSimUser('writer');
  });

  afterAll(async () => {
    await Promise.all([listener?.close(), writer?.close()]);
    await proxy?.close();
  });

  it('is listened to again at once, and the message sent meanwhile arrives', async () => {
    const roomId = await createRoom(writer.db, {
      kind: 'public',
      name: 'broken listens',
      topic: '',
      uid: writer.uid,
      displayName: writer.name,
    });
    await joinPublicRoom(listener.db, roomId, listener.uid, listener.name);
    const reconnectsBefore = listenReconnects();
    // the next request naming the room is the new listener's: its stream's next answer is corrupted
    const broken = proxy.breakStreamAfter(roomId);
    const seen = new Set<string>();
    const stop = subscribeLatestMessages(
      listener.db,
      roomId,
      ({ changes }) => {
        for (const change of changes) if (!change.doc.metadata.hasPendingWrites) seen.add(change.doc.id);
      },
      (error) => {
        throw error;
      },
    );
    try {
      await broken;
      const id = newMessageId(writer.db, roomId);
      await sendMessage(writer.db, {
        roomId,
        id,
        authorId: writer.uid,
        authorName: writer.name,
        text: `while the stream was broken ${uniqueId()}`,
      });
      // waited on for less than the SDK's shortest backoff: only a reconnect can deliver it in time
      await eventually(
        () => (seen.has(id) ? true : undefined),
        'the message to reach the listener whose stream broke',
        SHORTEST_MAX_BACKOFF_MS - 5_000,
      );
      // the stream did break: the client was reconnected once
      expect(listenReconnects()).toBe(reconnectsBefore + 1);
    } finally {
      stop();
    }
  });
});

/**
 * Writes the rules accept once, whose answers are lost: one person's connection to Firestore runs
 * through a proxy that lets a write through, swallows the server's reply until the write is stored,
 * then cuts the connection. The SDK reconnects and sends the same write again (from its write
 * queue, or by running a transaction again), and the rules refuse the second one: a join must add
 * the joiner to memberIds and create their member document, a leave must take them out and delete
 * it. The app's calls (web/src/data) must report each as done, as it is, and store it once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite } from '../../web/src/data/invites';
import { createRoom, joinPublicRoom, joinRoom, leaveRoom } from '../../web/src/data/rooms';
import { newInviteCode } from '../../web/src/lib/search';
import { eventually, uniqueId } from '../support/env';
import { adminDb } from './support/admin';
import { newSimUser, type SimUser } from './support/clients';
import { startLossyProxy, type LossyProxy } from './support/lossyProxy';

describe('writes the rules accept once, whose answers are lost', () => {
  let proxy: LossyProxy;
  /** the person whose answers are lost */
  let lossy: SimUser;
  /** someone else, on a connection of their own */
  let other: SimUser;

  beforeAll(async () => {
    const [host = '127.0.0.1', port = ''] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
    proxy = await startLossyProxy({ host, port: Number(port) });
    [lossy, other] = await Promise.all([newSimUser('lossy', { firestorePort: proxy.port }), newSimUser('other')]);
  });

  afterAll(async () => {
    await Promise.all([lossy?.close(), other?.close()]);
    await proxy?.close();
  });

  const db = () => adminDb();

  /**
   * Runs `write`, losing the answer of the first request of lossy's that carries `marker` once
   * `landed` says it is stored; resolves with what `write` resolves with, after the cut.
   */
  async function losing<T>(marker: string, landed: () => Promise<boolean>, write: () => Promise<T>): Promise<T> {
    const before = proxy.connections();
    const cut = proxy.loseAnswerAfter(marker, async () => {
      await eventually(async () => ((await landed()) ? true : undefined), 'the write to land');
    });
    // a refusal fails the test here, with the rules' own words
    const outcome = await write();
    await cut;
    expect(proxy.connections()).toBeGreaterThan(before);
    return outcome;
  }

  /** A room of `owner`'s, made on a connection that loses nothing. */
  const roomOf = (owner: SimUser, kind: 'public' | 'private') =>
    createRoom(owner.db, { kind, name: `room ${uniqueId()}`, topic: '', uid: owner.uid, displayName: owner.name });

  const memberIds = async (roomId: string) => (await db().doc(`rooms/${roomId}`).get()).get('memberIds') as string[];
  const isMember = async (roomId: string, uid: string) =>
    (await db().doc(`rooms/${roomId}/members/${uid}`).get()).exists;
  it('joining a public room', async () => {
    const roomId = await roomOf(other, 'public');
    // the joiner's name is in the join's batch alone (its reads name paths, not names)
    await losing(
      lossy.name,
      () => isMember(roomId, lossy.uid),
      () => joinPublicRoom(lossy.db, roomId, lossy.uid, lossy.name),
    );
    expect(await memberIds(roomId)).toEqual([other.uid, lossy.uid]);
    expect((await db().doc(`rooms/${roomId}/members/${lossy.uid}`).get()).get('role')).toBe('member');
  });

  it('joining a private room by invite', async () => {
    const roomId = await roomOf(other, 'private');
    const code = newInviteCode();
    await createInvite(other.db, roomId, code, other.uid);
    await losing(
      code,
      () => isMember(roomId, lossy.uid),
      () => joinRoom(lossy.db, roomId, lossy.uid, lossy.name, code),
    );
    expect(await memberIds(roomId)).toEqual([other.uid, lossy.uid]);
    expect((await db().doc(`rooms/${roomId}/joins/${lossy.uid}`).get()).data()).toEqual({ code });
  });

  it('leaving a room', async () => {
    const roomId = await roomOf(other, 'public');
    await joinPublicRoom(lossy.db, roomId, lossy.uid, lossy.name);
    // the leave's batch deletes the join's code too, a path none of its reads name
    await losing(
      `${roomId}/joins/${lossy.uid}`,
      async () => !(await isMember(roomId, lossy.uid)),
      () => leaveRoom(lossy.db, roomId, lossy.uid),
    );
    expect(await memberIds(roomId)).toEqual([other.uid]);
  });
});

/**
 * Writes the rules accept once, whose answers are lost: one person's connection to Firestore runs
 * through a proxy that lets a write through, swallows the server's reply until the write is stored,
 * then cuts the connection. The SDK reconnects and sends the same write again (from its write
 * queue, or by running a transaction again), and the rules refuse the second one: a join must
 * create the joiner's member document (with their room-list entry), a leave must delete it (and
 * the entry), a room is created once, a kick is stamped only with the member's removal, an invite created
 * once, a request is accepted while it is pending, a block must add the blocker to blockedBy and an
 * unblock take them out, a report is made once. The app's calls (web/src/data) must report each as
 * done, as it is, and store it once.
 *
 * A reaction is the exception that proves the rule: giving an emoji the person's reaction document
 * holds already (or taking back one it does not hold) leaves the document as it is, which the rules
 * accept; it is here so that a change of the reaction rules that made the second send refused is
 * seen.
 */
import { directRoomId } from '@chat/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockUser, unblockUser } from '../../web/src/data/blocks';
import { createInvite } from '../../web/src/data/invites';
import { newMessageId, readMyReaction, sendMessage, setReaction } from '../../web/src/data/messages';
import { reportMessage } from '../../web/src/data/reports';
import { acceptRequest } from '../../web/src/data/requests';
import { createRoom, joinPublicRoom, joinRoom, kickMember, leaveRoom, openDirectRoom } from '../../web/src/data/rooms';
import { newInviteCode } from '../../web/src/lib/search';
import { eventually, uniqueId } from '../support/env';
import { adminDb } from './support/admin';
import { newSimUser, type SimUser } from './support/clients';
import { startEmulatorProxy, type LossyProxy } from './support/lossyProxy';

describe('writes the rules accept once, whose answers are lost', () => {
  let proxy: LossyProxy;
  /** the person whose answers are lost */
  let lossy: SimUser;
  /** someone else, on a connection of their own */
  let other: SimUser;
  let third: SimUser;

  beforeAll(async () => {
    proxy = await startEmulatorProxy();
    [lossy, other, third] = await Promise.all([
      newSimUser('lossy', { firestorePort: proxy.port }),
      newSimUser('other'),
      newSimUser('third'),
    ]);
  });

  afterAll(async () => {
    await Promise.all([lossy?.close(), other?.close(), third?.close()]);
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

  /** The room's members as stored: its member documents, each of which must be in its member's room list. */
  const memberIds = async (roomId: string) => {
    const uids = (await db().collection(`rooms/${roomId}/members`).get()).docs.map((d) => d.id).sort();
    const unlisted = [];
    for (const uid of uids) if (!(await db().doc(`users/${uid}/rooms/${roomId}`).get()).exists) unlisted.push(uid);
    expect(unlisted, 'members missing from their room list').toEqual([]);
    return uids;
  };
  /** Whether the room is in uid's room list (users/{uid}/rooms/{roomId}). */
  const listed = async (roomId: string, uid: string) => (await db().doc(`users/${uid}/rooms/${roomId}`).get()).exists;
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
    expect(await memberIds(roomId)).toEqual([other.uid, lossy.uid].sort());
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
    expect(await memberIds(roomId)).toEqual([other.uid, lossy.uid].sort());
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
    expect(await listed(roomId, lossy.uid)).toBe(false);
  });

  it('creating a room', async () => {
    const name = `created ${uniqueId()}`;
    const named = () => db().collection('rooms').where('name', '==', name).get();
    const roomId = await losing(
      name,
      async () => !(await named()).empty,
      () => createRoom(lossy.db, { kind: 'public', name, topic: '', uid: lossy.uid, displayName: lossy.name }),
    );
    expect((await named()).docs.map((d) => d.id)).toEqual([roomId]);
    expect(await memberIds(roomId)).toEqual([lossy.uid]);
    expect((await db().doc(`roomLedgers/${lossy.uid}`).get()).get('roomId')).toBe(roomId);
  });

  it('opening a direct room', async () => {
    const roomId = directRoomId(lossy.uid, third.uid);
    const room = db().doc(`rooms/${roomId}`);
    await expect(
      losing(
        `requests/${roomId}`,
        async () => (await room.get()).exists,
        () =>
          openDirectRoom(
            lossy.db,
            { uid: lossy.uid, displayName: lossy.name },
            { uid: third.uid, displayName: third.name },
          ),
      ),
    ).resolves.toBe(roomId);
    expect((await room.get()).get('createdBy')).toBe(lossy.uid);
    expect((await db().doc(`requests/${roomId}`).get()).get('from')).toBe(lossy.uid);
  });

  it('kicking a member', async () => {
    const roomId = await roomOf(lossy, 'public');
    await joinPublicRoom(other.db, roomId, other.uid, other.name);
    // the kicked member's room-list entry is named in the kick's commit alone (its reads name
    // the sanction, the member document and the ban)
    await losing(
      `${other.uid}/rooms/${roomId}`,
      async () => !(await isMember(roomId, other.uid)),
      () => kickMember(lossy.db, roomId, other.uid),
    );
    expect(await memberIds(roomId)).toEqual([lossy.uid]);
    expect(await listed(roomId, other.uid)).toBe(false);
    expect((await db().doc(`rooms/${roomId}/sanctions/${other.uid}`).get()).get('kickedAt')).not.toBeNull();
  });

  it('creating an invite', async () => {
    const roomId = await roomOf(lossy, 'private');
    const code = newInviteCode();
    const invite = db().doc(`rooms/${roomId}/invites/${code}`);
    await losing(
      `invites/${code}`,
      async () => (await invite.get()).exists,
      () => createInvite(lossy.db, roomId, code, lossy.uid),
    );
    expect((await invite.get()).data()).toMatchObject({ createdBy: lossy.uid, revoked: false, expiresAt: null });
  });

  it('accepting a message request', async () => {
    const roomId = await openDirectRoom(
      other.db,
      { uid: other.uid, displayName: other.name },
      { uid: lossy.uid, displayName: lossy.name },
    );
    const request = db().doc(`requests/${roomId}`);
    expect((await request.get()).get('acceptedAt')).toBeNull();
    // the field the accept writes is named in its request alone
    await losing(
      'acceptedAt',
      async () => (await request.get()).get('acceptedAt') !== null,
      () => acceptRequest(lossy.db, roomId),
    );
    expect((await request.get()).get('acceptedAt')).not.toBeNull();
  });

  it('blocking and unblocking someone', async () => {
    const block = db().doc(`users/${lossy.uid}/blocks/${third.uid}`);
    const blockedBy = db().doc(`blockedBy/${third.uid}`);
    // the batch's other document, which none of the calls' reads name
    await losing(
      `blockedBy/${third.uid}`,
      async () => (await block.get()).exists,
      () => blockUser(lossy.db, lossy.uid, third.uid),
    );
    expect((await blockedBy.get()).get('uids')).toEqual([lossy.uid]);
    await losing(
      `blockedBy/${third.uid}`,
      async () => !(await block.get()).exists,
      () => unblockUser(lossy.db, lossy.uid, third.uid),
    );
    expect((await blockedBy.get()).get('uids')).toEqual([]);
  });

  it('reporting a message', async () => {
    const roomId = await roomOf(other, 'public');
    await joinPublicRoom(lossy.db, roomId, lossy.uid, lossy.name);
    const id = newMessageId(other.db, roomId);
    await sendMessage(other.db, { roomId, id, authorId: other.uid, authorName: other.name, text: `hi ${uniqueId()}` });
    const report = db().doc(`rooms/${roomId}/reports/${lossy.uid}_${id}`);
    // the reason is in the report's write alone (a read of the report names its path)
    const reason = `Spam ${uniqueId()}`;
    await losing(
      reason,
      async () => (await report.get()).exists,
      () => reportMessage(lossy.db, roomId, id, lossy.uid, reason),
    );
    expect((await report.get()).data()).toMatchObject({ reporterId: lossy.uid, messageId: id, reason });
  });

  it('reacting and taking the reaction back (repeatable: the rules accept the second send)', async () => {
    const roomId = await roomOf(other, 'public');
    await joinPublicRoom(lossy.db, roomId, lossy.uid, lossy.name);
    const id = newMessageId(other.db, roomId);
    await sendMessage(other.db, { roomId, id, authorId: other.uid, authorName: other.name, text: `hi ${uniqueId()}` });
    // the person's own reaction document, which the server counts into the message
    const reaction = db().doc(`rooms/${roomId}/messages/${id}/reactions/${lossy.uid}`);
    const emojis = async () => ((await reaction.get()).get('emojis') ?? null) as string[] | null;
    await losing(
      `reactions/${lossy.uid}`,
      async () => (await emojis())?.includes('👍') ?? false,
      () => setReaction(lossy.db, roomId, id, '👍', lossy.uid, true),
    );
    expect(await emojis()).toEqual(['👍']);
    expect(await readMyReaction(lossy.db, roomId, id, lossy.uid)).toEqual(['👍']);
    await losing(
      `reactions/${lossy.uid}`,
      async () => !((await emojis())?.includes('👍') ?? true),
      () => setReaction(lossy.db, roomId, id, '👍', lossy.uid, false),
    );
    expect(await emojis()).toEqual([]);
  });
});

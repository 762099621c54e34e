/**
 * scripts/lib/migrate-membership.mjs (run by `npm run migrate`) on the emulator, in a project of
 * its own (nothing else writes there): rooms written while group rooms listed their members in
 * memberIds get a room-list entry per member document and their memberCount, and with
 * dropMemberIds lose memberIds (direct rooms keep their pair); a second run finds nothing to do.
 */
import { memberDocument, roomDocument } from '@chat/shared';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { migrateMembership } from '../../scripts/lib/migrate-membership.mjs';
import { uniqueId } from '../support/env';
import { direct } from './support';

describe('migration of membership out of the room document', () => {
  it('lists every membership in its room list, counts each room, and drops group memberIds only when asked', async () => {
    const db = direct('demo-migrate-membership');
    const group = uniqueId('room');
    const pair = ['ana', 'ben'];
    const dm = `dm_${uniqueId('a')}_${uniqueId('b')}`;
    const createdAt = Timestamp.fromMillis(Date.now() - 3_600_000);
    const joinedAt = Timestamp.fromMillis(Date.now() - 1_800_000);
    // as the old model wrote them: memberIds on every room, no memberCount, no room-list entries
    const { memberCount: _g, ...oldGroup } = roomDocument({ kind: 'public', name: 'old', createdBy: 'ana', createdAt });
    await db.doc(`rooms/${group}`).set({ ...oldGroup, memberIds: ['ana', 'ben', 'cy'] });
    const { memberCount: _d, ...oldDirect } = roomDocument({
      kind: 'direct',
      name: '',
      createdBy: 'ana',
      createdAt,
      memberIds: pair,
    });
    await db.doc(`rooms/${dm}`).set(oldDirect);
    for (const uid of ['ana', 'ben', 'cy'])
      await db
        .doc(`rooms/${group}/members/${uid}`)
        .set(memberDocument({ uid, role: uid === 'ana' ? 'owner' : 'member', displayName: uid, joinedAt }));
    for (const uid of pair)
      await db
        .doc(`rooms/${dm}/members/${uid}`)
        .set(memberDocument({ uid, role: 'member', displayName: uid, joinedAt }));
    // one member already listed (a join made by the new version meanwhile): kept as it is
    const earlier = Timestamp.fromMillis(Date.now() - 60_000);
    await db.doc(`users/cy/rooms/${group}`).set({ joinedAt: earlier });

    const first = await migrateMembership(db, { pageSize: 2 });
    expect(first.changedMeanwhile).toBe(0);
    expect(first.listed).toBeGreaterThanOrEqual(4);
    const listing = async (uid: string, roomId: string) => (await db.doc(`users/${uid}/rooms/${roomId}`).get()).data();
    expect(await listing('ana', group)).toEqual({ joinedAt });
    expect(await listing('ben', group)).toEqual({ joinedAt });
    expect(await listing('cy', group)).toEqual({ joinedAt: earlier });
    expect(await listing('ana', dm)).toEqual({ joinedAt });
    const room = async (id: string) => (await db.doc(`rooms/${id}`).get()).data();
    expect(await room(group)).toMatchObject({ memberCount: 3, memberIds: ['ana', 'ben', 'cy'] });
    expect(await room(dm)).toMatchObject({ memberCount: 2, memberIds: pair });

    // once the new rules are in force: group rooms lose memberIds, the direct room keeps its pair
    const second = await migrateMembership(db, { dropMemberIds: true });
    expect(second).toMatchObject({ counted: 0, changedMeanwhile: 0 });
    expect(second.dropped).toBeGreaterThanOrEqual(1);
    expect((await room(group))?.memberIds).toBeUndefined();
    expect(await room(dm)).toMatchObject({ memberCount: 2, memberIds: pair });

    expect(await migrateMembership(db, { dropMemberIds: true })).toMatchObject({
      listed: 0,
      counted: 0,
      dropped: 0,
      changedMeanwhile: 0,
    });
  });
});

/**
 * scripts/lib/backfill-member-names.mjs (run by `npm run migrate`) on the emulator, in a project of
 * its own (nothing else writes there): member documents written before nameLower existed get it,
 * those of a person who renamed themselves before renames were copied get the profile's name, the
 * others are left as they are, and a second run finds nothing to do.
 */
import { memberDocument } from '@chat/shared';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { backfillMemberNames } from '../../scripts/lib/backfill-member-names.mjs';
import { uniqueId } from '../support/env';
import { direct } from './support';

describe('backfill of member names', () => {
  it("writes nameLower where a member document lacks it or has it out of step, and the profile's name where it is behind, and only there", async () => {
    const db = direct('demo-backfill-members');
    const roomId = uniqueId('room');
    const joinedAt = Timestamp.now();
    const { nameLower: _n, ...old } = memberDocument({ uid: 'old', role: 'member', displayName: 'Ana LIMA', joinedAt });
    const current = memberDocument({ uid: 'new', role: 'owner', displayName: 'Ben Ito', joinedAt });
    const stale = { ...memberDocument({ uid: 'stale', role: 'member', displayName: 'Cy', joinedAt }), nameLower: 'x' };
    await db.doc(`rooms/${roomId}/members/old`).set(old);
    await db.doc(`rooms/${roomId}/members/new`).set(current);
    await db.doc(`rooms/${roomId}/members/stale`).set(stale);
    // renamed before the server copied renames onto member documents: the profile has the new name
    const renamed = memberDocument({ uid: 'renamed', role: 'member', displayName: 'Dee Old', joinedAt });
    await db.doc(`rooms/${roomId}/members/renamed`).set(renamed);
    await db
      .doc('users/renamed')
      .set({ displayName: 'Dee New', nameLower: 'dee new', photoURL: null, createdAt: joinedAt });
    await db
      .doc('users/new')
      .set({ displayName: 'Ben Ito', nameLower: 'ben ito', photoURL: null, createdAt: joinedAt });
    const before = await db.doc(`rooms/${roomId}/members/new`).get();

    const first = await backfillMemberNames(db, { pageSize: 2 });
    expect(first).toMatchObject({ updated: 3, changedMeanwhile: 0 });
    expect(first.scanned).toBeGreaterThanOrEqual(4);
    const read = async (uid: string) => (await db.doc(`rooms/${roomId}/members/${uid}`).get()).data();
    expect(await read('old')).toEqual({ ...old, nameLower: 'ana lima' });
    expect(await read('stale')).toEqual({ ...stale, nameLower: 'cy' });
    expect(await read('renamed')).toEqual({ ...renamed, displayName: 'Dee New', nameLower: 'dee new' });
    const after = await db.doc(`rooms/${roomId}/members/new`).get();
    expect(after.updateTime?.isEqual(before.updateTime!)).toBe(true);

    expect(await backfillMemberNames(db)).toMatchObject({ updated: 0 });
  });
});

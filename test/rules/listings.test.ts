/**
 * users/{uid}/rooms/{roomId}: uid's room list, one entry per member document (issue #14). No group
 * room lists its members, so the app finds a person's rooms here; the entry exists exactly while
 * the member document does: it is written and deleted only in the batch that creates or deletes
 * that member document, whose own rule decides who may.
 */
import {
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  query,
  setDoc,
  updateDoc,
  writeBatch,
  type DocumentData,
} from 'firebase/firestore';
import { directRoomId } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import {
  addMembership,
  allowed,
  as,
  at,
  denied,
  joinBatch,
  list,
  listingDoc,
  listingPath,
  newListing,
  newMember,
  profileDoc,
  rulesSuite,
  seed,
  seedRoom,
} from './support';

// pub: ana owns it, ben is in it; priv: ana owns it, adi administers it, ben is in it
const env = await rulesSuite('listings', async (env) => {
  await seedRoom(env, 'pub', 'public', { ana: 'owner', ben: 'member' });
  await seedRoom(env, 'priv', 'private', { ana: 'owner', adi: 'admin', ben: 'member' });
  await seed(env, { 'users/cid': profileDoc('cid'), 'users/dan': profileDoc('dan') });
});

const entry = (uid: string | null, owner: string, roomId: string) => doc(as(env, uid), listingPath(owner, roomId));
const entries = (uid: string | null, owner: string) => collection(as(env, uid), 'users', owner, 'rooms');

describe('users/{uid}/rooms: reading', () => {
  it('only uid gets an entry of theirs', async () => {
    await allowed(getDoc(entry('ben', 'ben', 'priv')));
    expect((await getDoc(entry('ben', 'ben', 'priv'))).data()).toEqual({ joinedAt: expect.anything() });
    await denied(getDoc(entry('ana', 'ben', 'priv')));
    await denied(getDoc(entry('adi', 'ben', 'priv')));
    await denied(getDoc(entry('eve', 'ben', 'pub')));
    await denied(getDoc(entry(null, 'ben', 'pub')));
  });

  it('only uid lists their rooms, with a limit of at most 500', async () => {
    const mine = await list(entries('ben', 'ben'), 500);
    expect(mine.docs.map((d) => d.id).sort()).toEqual(['priv', 'pub']);
    await denied(list(entries('ben', 'ben'), 501));
    await denied(getDocs(query(entries('ben', 'ben'))));
    await denied(list(entries('ana', 'ben'), 10));
    await denied(list(entries(null, 'ben'), 10));
    // nor everyone's lists at once
    await denied(list(collectionGroup(as(env, 'ben'), 'rooms'), 10));
  });
});

describe('users/{uid}/rooms: written only with the member document', () => {
  it('refused: an entry alone, for oneself, for someone else, or signed out', async () => {
    await denied(setDoc(entry('cid', 'cid', 'pub'), newListing()));
    await denied(setDoc(entry('cid', 'cid', 'priv'), newListing()));
    await denied(setDoc(entry('ana', 'cid', 'priv'), newListing()));
    await denied(setDoc(entry('ben', 'cid', 'pub'), newListing()));
    await denied(setDoc(entry(null, 'cid', 'pub'), newListing()));
  });

  it('refused: an entry for a room one is already in, however written', async () => {
    await denied(setDoc(entry('ben', 'ben', 'pub'), newListing()));
    await denied(updateDoc(entry('ben', 'ben', 'pub'), { joinedAt: at(-1000) }));
    await denied(setDoc(entry('ana', 'ben', 'priv'), newListing()));
    // not even with the member document written again: that is an update of it, and no join
    await denied(joinBatch(as(env, 'ben'), 'pub', 'ben'));
  });

  it('refused: an entry for someone else with a member document of their own', async () => {
    // cid joins and lists the room for dan as well
    const db = as(env, 'cid');
    const batch = writeBatch(db);
    addMembership(batch, db, 'pub', 'cid', newMember('cid', 'member'));
    batch.set(doc(db, listingPath('dan', 'pub')), newListing());
    await denied(batch.commit());
  });

  it.each<[string, DocumentData]>([
    ['with a forged joinedAt', listingDoc()],
    ['with a joinedAt that is not a time', { joinedAt: 'now' }],
    ['with a field more', newListing({ muted: true })],
    ['without joinedAt', {}],
  ])('refused: a join whose entry is written %s', async (_case, listing) => {
    const db = as(env, 'cid');
    const batch = writeBatch(db);
    batch.set(doc(db, 'rooms', 'pub', 'members', 'cid'), newMember('cid', 'member'));
    batch.set(doc(db, listingPath('cid', 'pub')), listing);
    await denied(batch.commit());
  });

  it('a join writes both; the entry is exactly joinedAt', async () => {
    await allowed(joinBatch(as(env, 'cid'), 'pub', 'cid'));
    const stored = (await getDoc(entry('cid', 'cid', 'pub'))).data();
    expect(Object.keys(stored ?? {})).toEqual(['joinedAt']);
  });
});

describe('users/{uid}/rooms: deleted only with the member document', () => {
  it("refused: deleting another person's entry while their member document stays", async () => {
    await denied(deleteDoc(entry('ana', 'ben', 'priv')));
    await denied(deleteDoc(entry('adi', 'ben', 'priv')));
    await denied(deleteDoc(entry('eve', 'ben', 'pub')));
    await denied(deleteDoc(entry(null, 'ben', 'pub')));
  });

  it('refused: deleting one’s own entry while staying in the room', async () => {
    await denied(deleteDoc(entry('ben', 'ben', 'pub')));
    await denied(deleteDoc(entry('ana', 'ana', 'priv')));
  });

  it("refused: deleting another member's entry in one's own leave", async () => {
    const db = as(env, 'adi');
    const batch = writeBatch(db);
    batch.delete(doc(db, 'rooms', 'priv', 'members', 'adi'));
    batch.delete(doc(db, listingPath('adi', 'priv')));
    batch.delete(doc(db, listingPath('ben', 'priv')));
    await denied(batch.commit());
  });

  it('an entry left without its member document (written past the rules) is deleted by its owner only', async () => {
    await seed(env, {
      [listingPath('cid', 'gone-room')]: listingDoc(),
      [listingPath('dan', 'gone-room')]: listingDoc(),
    });
    await denied(deleteDoc(entry('dan', 'cid', 'gone-room')));
    await denied(deleteDoc(entry(null, 'cid', 'gone-room')));
    await allowed(deleteDoc(entry('cid', 'cid', 'gone-room')));
    await allowed(deleteDoc(entry('dan', 'dan', 'gone-room')));
  });

  it("a direct room's entries stay: nobody leaves a direct room", async () => {
    const dm = directRoomId('ana', 'ben');
    await seedRoom(env, dm, 'direct', { ana: 'member', ben: 'member' });
    await denied(deleteDoc(entry('ana', 'ana', dm)));
    const db = as(env, 'ana');
    const batch = writeBatch(db);
    batch.delete(doc(db, 'rooms', dm, 'members', 'ana'));
    batch.delete(doc(db, listingPath('ana', dm)));
    await denied(batch.commit());
  });
});

/**
 * The scale model's arithmetic (bench/src/scaleModel.ts) on made-up records: what it projects from
 * two phases, and what it counts of a document's size and index entries. The run that feeds it is
 * the benchmark's smoke test's business.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import {
  documentSize,
  indexEntries,
  kindOf,
  projectMembers,
  projectRate,
  projectScale,
  timestampFieldsOf,
  ttlDeletes,
  type IndexDefinitions,
  type PhaseRecord,
  type ScaleInput,
} from '../src/scaleModel';

const NO_INDEXES: IndexDefinitions = { indexes: [], fieldOverrides: [] };

function phase(
  seconds: number,
  roomMessages: number,
  quietMessages: number,
  writes: Record<string, number>,
): PhaseRecord {
  return {
    phase: { seconds, elapsedSec: seconds, appMessages: roomMessages + quietMessages, roomMessages, quietMessages },
    writes: new Map(Object.entries(writes)),
    delivered: new Map(),
  };
}

function input(p1: PhaseRecord, p2: PhaseRecord, overrides: Partial<ScaleInput> = {}): ScaleInput {
  return {
    phases: [p1, p2],
    bigRoom: 'room-big',
    quietRooms: ['room-quiet'],
    uids: ['ana', 'ben'],
    timestampFields: new Map(),
    indexes: NO_INDEXES,
    sizes: [],
    cappedAt: {},
    existing: new Set(['rooms/room-big', 'rooms/room-quiet']),
    ...overrides,
  };
}

describe('scale model', () => {
  it('names a kind of document by its collections, keeping short fixed ids', () => {
    expect(kindOf('rooms/scale-x-big/messages/AbC123xyz')).toBe('rooms/{roomId}/messages/{messageId}');
    expect(kindOf('rooms/scale-x-big/receipts/summary')).toBe('rooms/{roomId}/receipts/summary');
    expect(kindOf('stats/2026-12-03')).toBe('stats/{day}');
  });

  it('projects a rate that grows with the room to its limit, and holds one that stays bounded', () => {
    // 2 → 5 writes a second as the room went from 2 to 5 messages a second: 1 a second at 1 msg/s
    expect(projectRate(2, 5, 2, 5, 1)).toBe(1);
    // 1 → 1 a second while the rate went 2 → 5 (coalesced): no limit met
    expect(projectRate(1, 1, 2, 5, 1)).toBeNull();
    // bounded but already past the limit: met at the measured rate's share
    expect(projectRate(3, 3, 2, 5, 1)).toBeCloseTo(5 / 3);
    expect(projectRate(0, 0, 2, 5, 1)).toBeNull();
  });

  it('holds a document capped by construction within the limit, and projects one whose cap the run broke', () => {
    // the popular message: 2 writes in phase 1, 7 in phase 2 (joiners reacting), the room 2 → 5 msg/s
    const message = 'rooms/room-big/messages/Popular42';
    const p1 = phase(20, 40, 0, { [message]: 2 });
    const p2 = phase(20, 100, 0, { [message]: 7 });
    const row = (writeCeilings?: Record<string, number>) =>
      projectScale(input(p1, p2, { writeCeilings })).documents.find((d) => d.document.endsWith('{messageId}'))!;
    // without its cap it looks as if it grew with the room: 1 a second at about 14 msg/s
    expect(row().grows).toBe(true);
    expect(row().maxRoomRate).toBeCloseTo(14.3, 1);
    // capped at 1 a second (the coalesced summary): it holds at any room rate
    expect(row({ 'rooms/{roomId}/messages/{messageId}': 1 })).toMatchObject({ grows: false, ceiling: 1, maxRoomRate: null });
    // a cap above the limit, or one the run exceeded, proves nothing
    expect(row({ 'rooms/{roomId}/messages/{messageId}': 2 }).maxRoomRate).toBeCloseTo(14.3, 1);
    expect(row({ 'rooms/{roomId}/messages/{messageId}': 0.1 }).maxRoomRate).toBeCloseTo(14.3, 1);
  });

  it('projects the members at which a growing document meets a limit, and none for one that does not grow', () => {
    expect(projectMembers(10, 1000, 20, 2000, 11_000)).toBe(110);
    expect(projectMembers(10, 500, 20, 500, 11_000)).toBeNull();
  });

  it('finds the document of no room and no person that every message writes, and what it limits the app to', () => {
    const p1 = phase(10, 10, 10, { 'stats/2026-12-03': 20, 'rooms/room-big': 10 });
    const p2 = phase(10, 40, 10, { 'stats/2026-12-03': 50, 'rooms/room-big': 10 });
    const projection = projectScale(input(p1, p2));
    expect(projection.everyMessageDocuments).toEqual(['stats/{day}']);
    // 5 writes a second at 5 messages a second: 1 a second at 1 message a second
    expect(projection.maxAppRate).toEqual({ value: 1, by: 'stats/{day}' });
    // the room's document stayed at 1 a second while its rate went 1 → 4: bounded, within the limit
    expect(projection.documents.find((d) => d.document === 'rooms/{roomId}')).toMatchObject({
      grows: false,
      maxRoomRate: null,
    });
    expect(projection.maxRoomRate.value).toBeNull();
  });

  it("counts an index range's writes: a write-once field's at creation only, an hourly one's once an hour, none for an exempted field", () => {
    const messages = (n: number, from: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`rooms/room-big/messages/m${from + i}`, 2]));
    const p1 = phase(10, 10, 0, { ...messages(10, 0), 'rooms/room-big': 10 });
    const p2 = phase(10, 50, 0, { ...messages(50, 100), 'rooms/room-big': 10 });
    const timestampFields = new Map([
      ['rooms/{roomId}/messages/{messageId}', ['createdAt']],
      ['rooms/{roomId}', ['lastMessageAt', 'lastMessage', 'activeHour']],
    ]);
    const exempt: IndexDefinitions = {
      indexes: [],
      fieldOverrides: [{ collectionGroup: 'rooms', fieldPath: 'lastMessage', indexes: [] }],
    };
    const projection = projectScale(input(p1, p2, { timestampFields, indexes: exempt }));
    const ranges = new Map(projection.ranges.map((r) => [r.range, r]));
    // 50 creates in 10 s (each message written twice, its createdAt once): 5 a second at 5 msg/s
    expect(ranges.get('rooms/{roomId}/messages.createdAt')).toMatchObject({ writesPerSec: 5, maxRoomRate: 500 });
    // a top-level collection's range is the app's: 10 room writes for 50 messages
    expect(ranges.get('rooms.lastMessageAt')).toMatchObject({ scope: 'app', writesPerMessage: 0.2, maxAppRate: 2500 });
    expect(ranges.has('rooms.lastMessage')).toBe(false);
    // the same 10 room writes leave activeHour as it was but for one hour change in 360 such phases
    // (10 s of 3600: 1/360 of a change for the one room, over 50 messages)
    expect(ranges.get('rooms.activeHour')?.maxAppRate).toBe(500 / (10 / 3600 / 50));
  });

  it('reads a collection-group index as one range for the app, unless a field before the time splits it', () => {
    const p1 = phase(10, 10, 0, { 'rooms/room-big/attachments/a1': 1 });
    const p2 = phase(10, 20, 0, { 'rooms/room-big/attachments/a2': 1, 'rooms/room-big/attachments/a3': 1 });
    const timestampFields = new Map([['rooms/{roomId}/attachments/{id}', ['createdAt']]]);
    const group = (first: string): IndexDefinitions => ({
      indexes: [
        {
          collectionGroup: 'attachments',
          queryScope: 'COLLECTION_GROUP',
          fields: [{ fieldPath: first }, { fieldPath: 'createdAt' }],
        },
      ],
      fieldOverrides: [],
    });
    const app = projectScale(input(p1, p2, { timestampFields, indexes: group('complete') }));
    expect(app.ranges.map((r) => r.range)).toEqual(['rooms/{roomId}/attachments.createdAt (collection group)']);
    const split = projectScale(input(p1, p2, { timestampFields, indexes: group('authorId') }));
    expect(split.ranges.map((r) => r.range)).toEqual(['rooms/{roomId}/attachments.createdAt']);
  });

  it('projects a growing document at its cap when it is kept only up to a number of members', () => {
    const sizes = [
      { path: 'rooms/room-big/receipts/summary', members: 10, bytes: 1_000, indexEntries: 0 },
      { path: 'rooms/room-big/receipts/summary', members: 20, bytes: 2_000, indexEntries: 0 },
      { path: 'rooms/room-big/messages/m1', members: 10, bytes: 1_000, indexEntries: 20 },
      { path: 'rooms/room-big/messages/m1', members: 20, bytes: 1_300, indexEntries: 40 },
    ];
    const p = phase(10, 10, 0, {});
    const capped = projectScale(input(p, p, { sizes, cappedAt: { 'rooms/{roomId}/receipts/summary': 100 } }));
    expect(capped.sizes.find((s) => s.document === 'rooms/{roomId}/receipts/summary')?.maxMembers).toBeNull();
    // 2 index entries more per member: 40,000 at 20,000 members (bytes would allow 34,929)
    expect(capped.maxMembers).toEqual({ value: 20_000, by: 'rooms/{roomId}/messages/{messageId}' });
  });

  it("counts a document's size and index entries as Firestore does, exempted fields and timestamps included", () => {
    const at = Timestamp.fromMillis(0);
    const data = { text: 'hi', n: 1, at, reactions: { '👍': ['a', 'b'] }, ring: { 0: at }, none: null };
    // name: rooms 6 + r 2 + 16; fields: text 5+3, n 2+8, at 3+8, reactions 10+(5+2+2), ring 5+(2+8), none 5+1; and 32
    expect(documentSize('rooms/r', data)).toBe(24 + 8 + 10 + 11 + 19 + 15 + 6 + 32);
    // text, n, at, none: 2 each; the array's 2 elements; the map's timestamp 2
    expect(indexEntries('rooms', data, NO_INDEXES)).toBe(8 + 2 + 2);
    const exempt: IndexDefinitions = {
      indexes: [],
      fieldOverrides: [{ collectionGroup: 'rooms', fieldPath: 'reactions', indexes: [] }],
    };
    expect(indexEntries('rooms', data, exempt)).toBe(8 + 2);
    expect(timestampFieldsOf(data)).toEqual(['at', 'ring']);
  });
});

describe('TTL deletes', () => {
  const indexes: IndexDefinitions = {
    indexes: [],
    fieldOverrides: [
      { collectionGroup: 'processedEvents', fieldPath: 'expireAt', ttl: true, indexes: [] },
      { collectionGroup: 'claims', fieldPath: 'expireAt', ttl: true, indexes: [] },
      { collectionGroup: 'messages', fieldPath: 'reactions', indexes: [] },
    ],
  };

  it('counts each document written into a collection group with a TTL policy once', () => {
    const paths = [
      'processedEvents/summary_e1',
      'processedEvents/created_e1',
      'coalesce/room_r1/claims/1700000000000',
      // rewritten: still one delete when it expires
      'coalesce/room_r1/claims/1700000000000',
      // no TTL policy on these
      'rooms/r1',
      'rooms/r1/messages/m1',
      'coalesce/room_r1/lease/current',
    ];
    expect(ttlDeletes(paths, indexes)).toBe(3);
  });

  it('counts none without a TTL policy', () => {
    expect(ttlDeletes(['processedEvents/summary_e1'], { indexes: [], fieldOverrides: [] })).toBe(0);
  });
});


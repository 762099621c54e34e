/**
 * firestore.indexes.json against what production will ask of it: firebase-tools accepts it, sends
 * no index twice (the API answers "already exists" and the deploy stops), and every query the web
 * app and the functions run has the index Firestore needs to serve it. The emulator serves any
 * query without an index, so only this check sees a missing one before users do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { duplicates, missingIndex, needOf, type IndexSpec } from './support/indexes';
import { readQueries, type Reading } from './support/queries';
import { ROOT, firestoreIndexSpec } from './support/tools';

const SPEC = (): IndexSpec => JSON.parse(readFileSync(join(ROOT, 'firestore.indexes.json'), 'utf8')) as IndexSpec;

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? vueFiles(path) : entry.name.endsWith('.vue') ? [path] : [];
  });
}

describe('firestore.indexes.json', () => {
  let reading: Reading;
  beforeAll(() => {
    reading = readQueries(ROOT, ['web/src', 'functions/src']);
  }, 120_000);

  it('is a spec firebase deploy accepts', () => {
    expect(() => firestoreIndexSpec(SPEC())).not.toThrow();
  });

  it('indexes no field that every event of the app writes, and lets Firestore delete the idempotency records', () => {
    // processedEvents gets three documents a message: an indexed timestamp there would be one
    // sequential range for the whole app (functions/src/lib/idempotency.ts)
    const overrides = (SPEC().fieldOverrides ?? []).filter((f) => f.collectionGroup === 'processedEvents');
    expect(overrides).toEqual([
      { collectionGroup: 'processedEvents', fieldPath: 'at', indexes: [] },
      { collectionGroup: 'processedEvents', fieldPath: 'expireAt', ttl: true, indexes: [] },
    ]);
  });

  it('indexes no time on the coalescing marks, which every join of a big room writes into one collection', () => {
    // coalesce/roomSummary_{roomId}/pending gets a mark per message and per join or leave (#general
    // at a thousand sign-ups a second); the flush reads them without an order (functions/src/lib/coalesce.ts)
    const overrides = (SPEC().fieldOverrides ?? []).filter((f) => f.collectionGroup === 'pending');
    expect(overrides).toEqual([{ collectionGroup: 'pending', fieldPath: 'at', indexes: [] }]);
  });

  it('lets Firestore delete the claims of quiet spells, and indexes none of their times', () => {
    // coalesce/{key}/claims/{lastWriteMs}: one per quiet spell of each key, read by id only
    // (functions/src/lib/coalesce.ts claimQuiet); without TTL they would pile up for ever
    const overrides = (SPEC().fieldOverrides ?? []).filter((f) => f.collectionGroup === 'claims');
    expect(overrides).toEqual([{ collectionGroup: 'claims', fieldPath: 'expireAt', ttl: true, indexes: [] }]);
  });

  it('indexes no timestamp that keystrokes or heartbeats write app-wide, and lets Firestore delete stale typing', () => {
    // typing.at: per room only (the typing list's order), no collection-group range, TTL deletes
    // stale documents; presence.lastSeen: a heartbeat of every person online, queried by nobody
    const overrides = SPEC().fieldOverrides ?? [];
    expect(overrides.find((f) => f.collectionGroup === 'typing' && f.fieldPath === 'at')).toEqual({
      collectionGroup: 'typing',
      fieldPath: 'at',
      ttl: true,
      indexes: [
        { order: 'ASCENDING', queryScope: 'COLLECTION' },
        { order: 'DESCENDING', queryScope: 'COLLECTION' },
      ],
    });
    expect(overrides.find((f) => f.collectionGroup === 'presence' && f.fieldPath === 'lastSeen')).toEqual({
      collectionGroup: 'presence',
      fieldPath: 'lastSeen',
      indexes: [],
    });
  });

  it('indexes no send times of the rate-limit ledgers, which every message in the app writes', () => {
    // ledgers/{uid}.at: the ring of a person's last sends, one slot written per message, read by id
    // only (by the rules); indexed, the app's message rate would write one timestamp range
    // (and the same for every ledger: rooms, renames of people and of rooms, edits and files are read by id only too,
    // as are the marks of the last join and leave notices)
    const overrides = SPEC().fieldOverrides ?? [];
    const unindexed: [string, string][] = [
      ['ledgers', 'at'],
      ['roomLedgers', 'at'],
      ['nameLedgers', 'at'],
      ['editLedgers', 'at'],
      ['roomNameLedgers', 'at'],
      ['uploadLedgers', 'since'],
      ['uploadLedgers', 'at'],
      ['noticeMarks', 'joined'],
      ['noticeMarks', 'left'],
    ];
    for (const [collectionGroup, fieldPath] of unindexed)
      expect(overrides.find((f) => f.collectionGroup === collectionGroup && f.fieldPath === fieldPath)).toEqual({
        collectionGroup,
        fieldPath,
        indexes: [],
      });
  });

  it("indexes nothing of a sender's window, which every message in the app writes", () => {
    // userLimits/{uid} (functions/src/messages/created.ts): the send times (ms, so a sequential
    // range app-wide), the last send's time and the events counted (64 ids an array) are read by
    // id only; the daily statistics query activeDay and prevDay, which stay indexed
    const overrides = (SPEC().fieldOverrides ?? []).filter((f) => f.collectionGroup === 'userLimits');
    expect(overrides).toEqual(
      ['times', 'lastAt', 'counted'].map((fieldPath) => ({ collectionGroup: 'userLimits', fieldPath, indexes: [] })),
    );
  });

  it("indexes nothing of a room's last message or its time, which its summary rewrites at every flush", () => {
    // rooms/{roomId}.lastMessage: shown in the room list, never queried; lastMessageAt: the room
    // list sorts by it on the client. Indexed, either would be a timestamp range the summaries of
    // every room in the app write into (833 messages a second app-wide in the scale model);
    // Browse and the statistics query activeHour, which changes once an hour per room
    for (const fieldPath of ['lastMessage', 'lastMessageAt'])
      expect(
        (SPEC().fieldOverrides ?? []).find((f) => f.collectionGroup === 'rooms' && f.fieldPath === fieldPath),
      ).toEqual({ collectionGroup: 'rooms', fieldPath, indexes: [] });
    const byTime = (SPEC().indexes ?? []).filter(
      (index) => index.collectionGroup === 'rooms' && index.fields.some((f) => f.fieldPath === 'lastMessageAt'),
    );
    expect(byTime).toEqual([]);
  });

  it('lists no index and no field override twice', () => {
    expect(duplicates(firestoreIndexSpec(SPEC()))).toEqual([]);
  });

  it('can read every query in the web app and the functions', () => {
    // components reach Firestore through stores (eslint), so the .vue files hold no query
    expect(
      vueFiles(join(ROOT, 'web/src')).filter((file) => readFileSync(file, 'utf8').includes('firebase/firestore')),
    ).toEqual([]);
    expect(reading.unplaced).toEqual([]);
    const composite = reading.queries.filter((q) => needOf(q).kind === 'composite');
    expect(
      composite.some((q) => q.at.startsWith('web/')),
      'no composite query found in web/src',
    ).toBe(true);
    expect(
      composite.some((q) => q.at.startsWith('functions/')),
      'no composite query found in functions/src',
    ).toBe(true);
  });

  it('has the index every one of those queries needs in production', () => {
    const spec = SPEC();
    const missing = reading.queries.flatMap((q) => {
      const need = missingIndex(q, spec);
      return need ? [`${q.at}: needs ${need}`] : [];
    });
    expect(missing).toEqual([]);
  });
});

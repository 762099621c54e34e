/**
 * scripts/lib/backfill-active-hour.mjs (run by `npm run migrate`) on the emulator, in a project of
 * its own (nothing else writes there): rooms whose last message came before activeHour existed get
 * the hour of it, as the summary flush writes it (shared activeHourMs), so Browse and the daily
 * statistics, which query activeHour, find them; rooms with no message, or with the field right,
 * are left as they are, and a second run finds nothing to do.
 */
import { activeHourMs, roomDocument } from '@chat/shared';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { backfillActiveHour } from '../../scripts/lib/backfill-active-hour.mjs';
import { uniqueId } from '../support/env';
import { direct } from './support';

describe('backfill of the active hour of rooms', () => {
  it('writes activeHour on rooms from before it, and only there', async () => {
    const db = direct('demo-backfill-active-hour');
    const last = Timestamp.fromMillis(Date.UTC(2026, 10, 30, 17, 42, 5));
    const hour = Timestamp.fromMillis(activeHourMs(last.toMillis()));
    const room = (name: string) => roomDocument({ kind: 'public', name, createdBy: 'ana', createdAt: last });
    const { activeHour: _a, ...old } = room('from before');
    const rooms = {
      old: { ...old, lastMessageAt: last },
      // a wrong hour (a hand edit, a clock bug) is put right too
      wrong: { ...room('wrong'), lastMessageAt: last, activeHour: last },
      current: { ...room('current'), lastMessageAt: last, activeHour: hour },
      silent: room('no message yet'),
    };
    const ids = Object.fromEntries(Object.keys(rooms).map((k) => [k, uniqueId(k)]));
    for (const [k, data] of Object.entries(rooms)) await db.doc(`rooms/${ids[k]}`).set(data);
    const before = await Promise.all(['current', 'silent'].map((k) => db.doc(`rooms/${ids[k]}`).get()));

    // Browse's query misses the old room until the backfill
    const browsed = async () =>
      (await db.collection('rooms').where('kind', '==', 'public').orderBy('activeHour', 'desc').get()).docs.map(
        (d) => d.id,
      );
    expect(await browsed()).not.toContain(ids.old);

    const first = await backfillActiveHour(db, { pageSize: 2 });
    expect(first).toMatchObject({ updated: 2, changedMeanwhile: 0 });
    expect(first.scanned).toBeGreaterThanOrEqual(4);
    for (const k of ['old', 'wrong'])
      expect((await db.doc(`rooms/${ids[k]}`).get()).get('activeHour')).toEqual(hour);
    expect(await browsed()).toContain(ids.old);
    for (const snapshot of before) {
      const after = await snapshot.ref.get();
      expect(after.updateTime?.isEqual(snapshot.updateTime!)).toBe(true);
    }

    expect(await backfillActiveHour(db)).toMatchObject({ updated: 0 });
  });
});

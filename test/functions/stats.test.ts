import { describe, expect, it } from 'vitest';
import { activeHourMs } from '@chat/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { bumpStats, refreshStats, STATS_SHARDS } from '../../functions/src/lib/stats';
import { countDay } from '../../functions/src/messages/created';
import { at, direct, messageData } from './support';

describe("a sender's count of the day (userLimits/{uid})", () => {
  it('counts on in a day, and keeps the day before when a new one starts', () => {
    const first = countDay({}, '2001-02-02');
    expect(first).toEqual({ activeDay: '2001-02-02', dayMessages: 1, prevDay: null, prevDayMessages: 0 });
    const second = countDay(countDay(first, '2001-02-02'), '2001-02-02');
    expect(second).toEqual({ activeDay: '2001-02-02', dayMessages: 3, prevDay: null, prevDayMessages: 0 });
    expect(countDay(second, '2001-02-03')).toEqual({
      activeDay: '2001-02-03',
      dayMessages: 1,
      prevDay: '2001-02-02',
      prevDayMessages: 3,
    });
  });
});

describe('daily stats, refreshed every 10 minutes (dailyStats)', () => {
  it("sums today's and yesterday's messages and people from the senders' counts, and names the busiest rooms, direct ones left out", async () => {
    // a project of its own: the figures are sums over every sender and room in it
    const db = direct('demo-functions-stats');
    const today = '2001-02-03';
    const yesterday = '2001-02-02';
    const noon = Date.parse(`${today}T12:00:00Z`);
    const hour = 3_600_000;
    await Promise.all([
      // ana wrote 3 today and 2 yesterday; ben 1 today; cleo 4 yesterday and nothing since
      db.doc('userLimits/ana').set({ activeDay: today, dayMessages: 3, prevDay: yesterday, prevDayMessages: 2 }),
      db.doc('userLimits/ben').set({ activeDay: today, dayMessages: 1, prevDay: null, prevDayMessages: 0 }),
      db.doc('userLimits/cleo').set({ activeDay: yesterday, dayMessages: 4, prevDay: null, prevDayMessages: 0 }),
      // counted as they happened, on two of the day's shards: summed by the refresh
      db.doc(`stats/${today}/counts/3`).set({ reports: 1, moderationActions: 1 }),
      db.doc(`stats/${today}/counts/9`).set({ moderationActions: 1 }),
    ]);
    const room = async (id: string, kind: string, name: string, times: number[], system = 0) => {
      const last = Math.max(...times);
      await db.doc(`rooms/${id}`).set({ kind, name, lastMessageAt: at(last), activeHour: at(activeHourMs(last)) });
      await Promise.all([
        ...times.map((t, i) =>
          db.doc(`rooms/${id}/messages/m${i}`).set({ ...messageData('ana', `m${i}`), createdAt: at(t) }),
        ),
        ...Array.from({ length: system }, (_, i) =>
          db
            .doc(`rooms/${id}/messages/s${i}`)
            .set({ ...messageData('system', 'joined'), kind: 'system', createdAt: at(noon - hour) }),
        ),
      ]);
    };
    await Promise.all([
      room('plants', 'public', 'Plants', [noon - 3 * hour, noon - 2 * hour, noon - hour, noon - 20 * hour], 2),
      room('team', 'private', 'Team', [noon - hour]),
      room('dm_ana_ben', 'direct', '', [
        noon - 4 * hour,
        noon - 3 * hour,
        noon - 2 * hour,
        noon - hour,
        noon - hour / 2,
      ]),
      room('quiet', 'public', 'Quiet', [noon - 20 * hour]),
    ]);

    await refreshStats(db, noon);
    const stats = async (day: string) => (await db.doc(`stats/${day}`).get()).data();
    expect(await stats(today)).toEqual({
      messages: 4,
      activeUsers: 2,
      busiestRooms: [
        { roomId: 'plants', name: 'Plants', messages: 3 },
        { roomId: 'team', name: 'Team', messages: 1 },
      ],
      reports: 1,
      moderationActions: 2,
      updatedAt: at(noon),
    });
    expect(await stats(yesterday)).toEqual({
      messages: 6,
      activeUsers: 2,
      reports: 0,
      moderationActions: 0,
      updatedAt: at(noon),
    });

    // a refresh again finds the same: figures are set, never added to
    await refreshStats(db, noon);
    expect(await stats(today)).toMatchObject({ messages: 4, activeUsers: 2, reports: 1, moderationActions: 2 });
    await db.doc(`stats/${today}/counts/3`).update({ reports: FieldValue.increment(1) });
    await refreshStats(db, noon);
    expect(await stats(today)).toMatchObject({ reports: 2, moderationActions: 2 });
  });

  it("counts the day's events on shards, never on one document for the whole app, and the refresh sums them", async () => {
    const db = direct('demo-functions-stats-shards');
    const day = '2001-03-04';
    const events = 40;
    await Promise.all(
      Array.from({ length: events }, (_, i) =>
        db.runTransaction(async (tx) => bumpStats(tx, db, i % 4 === 0 ? { reports: 1 } : { moderationActions: 1 }, day)),
      ),
    );
    const shards = await db.collection(`stats/${day}/counts`).get();
    // spread at random over STATS_SHARDS: 40 events on one document would be ~1 in 16^39
    expect(shards.size).toBeGreaterThan(1);
    expect(shards.docs.every((d) => Number(d.id) >= 0 && Number(d.id) < STATS_SHARDS)).toBe(true);
    expect((await db.doc(`stats/${day}`).get()).exists).toBe(false);
    await refreshStats(db, Date.parse(`${day}T23:00:00Z`));
    expect((await db.doc(`stats/${day}`).get()).data()).toMatchObject({ reports: 10, moderationActions: 30 });
  });
});

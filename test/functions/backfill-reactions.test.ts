/**
 * scripts/lib/backfill-reactions.mjs (run by `npm run migrate`) on the emulator, in a project of
 * its own (nothing else writes there, and no function counts the documents it writes): a message
 * from before the counts, listing who reacted in `reactions`, gets a reactions/{uid} document per
 * person and the names and counts the functions would write; a second run finds nothing to do.
 */
import { MAX_REACTION_EMOJIS, REACTION_NAMES } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import { writeMessageSummary } from '../../functions/src/lib/messageSummary';
import * as backfill from '../../scripts/lib/backfill-reactions.mjs';
import { uniqueId } from '../support/env';
import { direct, messageData, seedRoom } from './support';

describe('backfill of reactions into documents of their own', () => {
  it('holds the limits shared/src/limits.ts sets', () => {
    expect(backfill.REACTION_NAMES).toBe(REACTION_NAMES);
    expect(backfill.MAX_REACTION_EMOJIS).toBe(MAX_REACTION_EMOJIS);
  });

  it('writes the documents of a message from before the counts, and its names and counts; a second run changes nothing', async () => {
    const db = direct('demo-backfill-reactions');
    const { roomId } = await seedRoom(db);
    const prefix = uniqueId('p');
    const crowd = Array.from({ length: 25 }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
    const legacy = uniqueId('legacy');
    const counted = uniqueId('counted');
    const plain = uniqueId('plain');
    const path = (id: string) => `rooms/${roomId}/messages/${id}`;
    // as the old app left it: every reactor listed, in the order they came; an emptied emoji left behind
    await db
      .doc(path(legacy))
      .set(
        messageData('ana', 'popular', { reactions: { '🎉': [...crowd].reverse(), '👍': [crowd[0], 'ben'], '😀': [] } }),
      );
    // one of them had reacted again since, with the new app
    await db.doc(`${path(legacy)}/reactions/ben`).set({ emojis: ['❤️'] });
    // already counted (by the functions), and one nobody reacted to
    const countedData = messageData('ana', 'counted', {
      reactions: { '👍': ['ben'] },
      reactionCounts: { '👍': 1 },
    });
    await db.doc(path(counted)).set(countedData);
    await db.doc(path(plain)).set(messageData('ana', 'plain'));
    const untouched = await Promise.all([counted, plain].map((id) => db.doc(path(id)).get()));

    const lines: string[] = [];
    const first = await backfill.backfillReactions(db, { pageSize: 2, log: (line) => lines.push(line) });
    expect(first).toMatchObject({ updated: 1, reactionDocs: 26, changedMeanwhile: 0 });
    expect(first.scanned).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeGreaterThan(0);

    const message = (await db.doc(path(legacy)).get()).data()!;
    expect(message.reactionCounts).toEqual({ '🎉': 25, '👍': 2 });
    expect(message.reactions).toEqual({ '🎉': crowd.slice(0, REACTION_NAMES), '👍': [crowd[0], 'ben'].sort() });
    const docs = await db.collection(`${path(legacy)}/reactions`).get();
    expect(docs.size).toBe(26);
    expect((await db.doc(`${path(legacy)}/reactions/${crowd[0]}`).get()).get('emojis').sort()).toEqual(
      ['🎉', '👍'].sort(),
    );
    expect((await db.doc(`${path(legacy)}/reactions/${crowd[24]}`).get()).get('emojis')).toEqual(['🎉']);
    // the new app's reaction kept beside the one the message listed
    expect((await db.doc(`${path(legacy)}/reactions/ben`).get()).get('emojis')).toEqual(['❤️', '👍']);
    for (const snapshot of untouched) {
      const after = await snapshot.ref.get();
      expect(after.updateTime?.isEqual(snapshot.updateTime!)).toBe(true);
    }
    // what the functions count from those documents is what the backfill wrote
    const written = (await db.doc(path(legacy)).get()).updateTime!;
    expect(await writeMessageSummary(db, roomId, legacy, { thread: false, emojis: ['🎉', '👍'] })).toBe('unchanged');

    const second = await backfill.backfillReactions(db);
    expect(second).toMatchObject({ updated: 0, reactionDocs: 0, changedMeanwhile: 0 });
    expect((await db.doc(path(legacy)).get()).updateTime!.isEqual(written)).toBe(true);
    expect((await db.collection(`${path(legacy)}/reactions`).get()).size).toBe(26);
  });

  it('plans nothing for a message without reactions or already counted', () => {
    expect(backfill.planOf(undefined, undefined)).toBeNull();
    expect(backfill.planOf({}, undefined)).toBeNull();
    expect(backfill.planOf({ '👍': ['a'] }, { '👍': 1 })).toBeNull();
    expect(backfill.planOf({ '👍': [] }, undefined)?.patch).toEqual({ reactions: {}, reactionCounts: {} });
    // a crowd beyond the names agrees with its count too
    const names = Array.from({ length: REACTION_NAMES }, (_, i) => `u${i}`);
    expect(backfill.planOf({ '👍': names }, { '👍': 90 })).toBeNull();
  });

  it('writes the documents of people the old app added to a message already counted, and leaves the count to the functions', () => {
    // counted as ['a'] (1), then a tab of the old app added 'b' to the list before the deploy
    const plan = backfill.planOf({ '👍': ['a', 'b'], '🎉': ['c'] }, { '👍': 1, '🎉': 1 });
    expect(plan).toEqual({
      docs: new Map([
        ['a', ['👍']],
        ['b', ['👍']],
      ]),
      patch: null,
    });
  });
});

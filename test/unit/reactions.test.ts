import { REACTION_NAMES } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import { namesIncomplete, reactionChips } from '../../web/src/lib/reactions';

const crowd = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('reactionChips', () => {
  it('shows the server counts and names as they are when I have set nothing here', () => {
    const chips = reactionChips({ reactions: { '👍': ['a', 'me'] }, reactionCounts: { '👍': 2 } }, 'me');
    expect(chips).toEqual([{ emoji: '👍', count: 2, uids: ['me', 'a'], others: 0, mine: true }]);
  });

  it('reads a message counted before reactionCounts existed by its names', () => {
    expect(reactionChips({ reactions: { '🎉': ['a', 'b', 'c'] } }, 'me')[0]).toMatchObject({ count: 3, mine: false });
  });

  it('corrects a complete count exactly for a reaction I gave or took back before the server counted it', () => {
    const message = { reactions: { '👍': ['a'] }, reactionCounts: { '👍': 1 } };
    expect(reactionChips(message, 'me', new Set(['👍']))[0]).toMatchObject({ count: 2, uids: ['me', 'a'], mine: true });
    // the server has counted it: no double count
    const counted = { reactions: { '👍': ['a', 'me'] }, reactionCounts: { '👍': 2 } };
    expect(reactionChips(counted, 'me', new Set(['👍']))[0]).toMatchObject({ count: 2, mine: true });
    // taken back: the chip goes when nobody is left
    expect(reactionChips({ reactions: { '🎉': ['me'] }, reactionCounts: { '🎉': 1 } }, 'me', new Set())).toEqual([]);
  });

  it('shows a new emoji of mine at once, before the server has it', () => {
    expect(reactionChips({ reactions: {} }, 'me', new Set(['🌮']))).toEqual([
      { emoji: '🌮', count: 1, uids: ['me'], others: 0, mine: true },
    ]);
  });

  it('beyond the names, shows the count and how many are unnamed, and takes mine from what I know', () => {
    const named = crowd(REACTION_NAMES);
    const message = { reactions: { '🎉': named }, reactionCounts: { '🎉': 30 } };
    expect(namesIncomplete(message, 'me')).toBe(true);
    expect(namesIncomplete(message, named[0]!)).toBe(false);
    const unknown = reactionChips(message, 'me')[0]!;
    expect(unknown).toMatchObject({ count: 30, mine: false, others: 30 - REACTION_NAMES });
    const mine = reactionChips(message, 'me', new Set(['🎉']))[0]!;
    expect(mine).toMatchObject({ count: 30, mine: true, others: 30 - REACTION_NAMES - 1 });
    expect(mine.uids[0]).toBe('me');
  });

  it('never shows a key that is not an emoji', () => {
    expect(reactionChips({ reactions: { hello: ['a'], '👍': ['b'] } }, 'me').map((c) => c.emoji)).toEqual(['👍']);
  });
});

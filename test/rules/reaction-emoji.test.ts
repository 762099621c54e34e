/**
 * The emoji picker and the reaction rule must agree: every emoji the picker can offer (its data,
 * each with every skin tone) is stored by the client as emojiKey() spells it, and the rules must
 * accept that key through the client's own setReaction, on the person's reaction document
 * (rooms/{roomId}/messages/{messageId}/reactions/{uid}). The whole data set runs, not a sample: a
 * range the rules' pattern misses would otherwise surface as a refused reaction in someone's chat.
 */
import { MAX_REACTION_EMOJIS } from '@chat/shared';
import data from 'emoji-picker-element-data/en/iamcal/data.json' with { type: 'json' };
import { deleteDoc, doc } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { readMyReaction, setReaction } from '../../web/src/data/messages';
import { emojiKey } from '../../web/src/lib/emoji';
import { allowed, as, denied, reactionPath, rulesSuite, seed, seedRoom, storedMessage } from './support';

// Out of the coverage gate, as worst-case is: its thousands of evaluations make the emulator's
// coverage report answer 500; messages.test.ts drives the emoji check both ways for the gate.
const env = await rulesSuite('reaction-emoji', undefined, { coverage: false });

interface PickerEmoji {
  emoji: string;
  skins?: { emoji: string }[];
}

const offered = (data as PickerEmoji[]).flatMap((e) => [e.emoji, ...(e.skins ?? []).map((s) => s.emoji)]);
const ZWJ = '\u200D';
const SKIN_TONE = /[\u{1F3FB}-\u{1F3FF}]/u;

/** Runs `work` over `items` with at most `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, lane));
}

describe('reaction keys: the picker and the rules agree', () => {
  it('the data set holds the shapes at risk', () => {
    expect(offered.length).toBeGreaterThan(3500);
    expect(offered.filter((e) => e.includes(ZWJ)).length).toBeGreaterThan(1000);
    expect(offered.filter((e) => SKIN_TONE.test(e)).length).toBeGreaterThan(1500);
    expect(offered.filter((e) => e.includes(ZWJ) && SKIN_TONE.test(e)).length).toBeGreaterThan(500);
  });

  it('every emoji the picker offers, with every skin tone, is a key the client makes and the rules accept', async () => {
    const keys = [...new Set(offered.map((e) => emojiKey(e)))];
    // the client turns none of them away
    expect(keys.filter((k) => k === null)).toEqual([]);
    // one person gives one message MAX_REACTION_EMOJIS emojis (their reaction document): one
    // message per that many, each given in turn
    const messages: string[][] = [];
    keys.forEach((key, i) => (messages[Math.floor(i / MAX_REACTION_EMOJIS)] ??= []).push(key!));
    await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' });
    await seed(env, Object.fromEntries(messages.map((_, m) => [`rooms/r1/messages/m${m}`, storedMessage('ana')])));
    const db = as(env, 'ben');
    const refused: string[] = [];
    await pool(
      messages.map((batch, m) => ({ batch, id: `m${m}` })),
      8,
      async ({ batch, id }) => {
        for (const key of batch) await setReaction(db, 'r1', id, key, 'ben', true).catch(() => refused.push(key));
      },
    );
    expect(refused).toEqual([]);
    expect(await readMyReaction(db, 'r1', `m${messages.length - 1}`, 'ben')).toEqual(messages.at(-1));
  }, 300_000);

  it('what the client turns away, the rules refuse too', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' });
    await seed(env, { 'rooms/r1/messages/m0': storedMessage('ana') });
    const db = as(env, 'ben');
    // an arrow that is no emoji (U+219A): the rules' pictographs are exactly Unicode's
    // Extended_Pictographic, not the ranges around them
    for (const text of ['a', ':+1:', '👍👍', '👍 ', '', '\u200D', '👍\u200D', '\u219A', '\u{1F3FB}\u200D']) {
      expect(emojiKey(text) === text).toBe(false);
      // as the first emoji (a create) and as a later one (an update)
      await denied(setReaction(db, 'r1', 'm0', text, 'ben', true));
      await allowed(setReaction(db, 'r1', 'm0', '👍', 'ben', true));
      await denied(setReaction(db, 'r1', 'm0', text, 'ben', true));
      await env.withSecurityRulesDisabled((c) => deleteDoc(doc(c.firestore(), reactionPath('r1', 'm0', 'ben'))));
    }
    expect(await readMyReaction(db, 'r1', 'm0', 'ben')).toEqual([]);
  });
});

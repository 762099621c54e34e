/**
 * The emoji picker and the reaction rule must agree: every emoji the picker can offer (its data,
 * each with every skin tone) is stored by the client as emojiKey() spells it, and the rules must
 * accept that key through the client's own setReaction. The whole data set runs, not a sample: a
 * range the rules' pattern misses would otherwise surface as a refused reaction in someone's chat.
 */
import { MAX_REACTION_EMOJIS } from '@chat/shared';
import data from 'emoji-picker-element-data/en/iamcal/data.json' with { type: 'json' };
import { doc, getDoc } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { setReaction } from '../../web/src/data/messages';
import { emojiKey } from '../../web/src/lib/emoji';
import { allowed, as, denied, rulesSuite, seed, seedRoom, storedMessage } from './support';

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
    // a message holds MAX_REACTION_EMOJIS keys: one message per that many, each filled in turn
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
        const held: Record<string, string[]> = {};
        for (const key of batch) {
          await setReaction(db, 'r1', id, held, key, 'ben', true).catch(() => refused.push(key));
          held[key] = ['ben'];
        }
      },
    );
    expect(refused).toEqual([]);
    const last = await getDoc(doc(db, 'rooms', 'r1', 'messages', `m${messages.length - 1}`));
    expect(Object.keys(last.get('reactions') as object)).toEqual(messages.at(-1));
  }, 300_000);

  it('what the client turns away, the rules refuse too', async () => {
    await seedRoom(env, 'r1', 'public', { ana: 'owner', ben: 'member' });
    await seed(env, { 'rooms/r1/messages/m0': storedMessage('ana') });
    // an arrow that is no emoji (U+219A): the rules' pictographs are exactly Unicode's
    // Extended_Pictographic, not the ranges around them
    for (const text of ['a', ':+1:', '👍👍', '👍 ', '\u200D', '👍\u200D', '\u219A', '\u{1F3FB}\u200D']) {
      expect(emojiKey(text) === text).toBe(false);
      await denied(setReaction(as(env, 'ben'), 'r1', 'm0', {}, text, 'ben', true));
    }
    await allowed(setReaction(as(env, 'ben'), 'r1', 'm0', {}, '👍', 'ben', true));
  });
});

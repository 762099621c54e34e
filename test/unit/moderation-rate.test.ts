import { describe, expect, it } from 'vitest';
import { emptyWindow, muteDurationMs, recordSend, type WindowState } from '../../functions/src/lib/rateWindow';

function sendAll(texts: string[], times: number[]): Array<string | null> {
  let state: WindowState = emptyWindow();
  return texts.map((text, i) => {
    const result = recordSend(state, { at: times[i]!, text });
    state = result.state;
    return result.violation;
  });
}

describe('cross-room sliding window', () => {
  it('the 31st message within a minute is too many; 30 is fine', () => {
    const texts = Array.from({ length: 31 }, (_, i) => `message ${i}`);
    const times = texts.map((_, i) => 1_000_000 + i * 1_000);
    const verdicts = sendAll(texts, times);
    expect(verdicts.slice(0, 30).every((v) => v === null)).toBe(true);
    expect(verdicts[30]).toBe('too-many');
  });

  it('the window slides: 31 messages over more than a minute are fine', () => {
    const texts = Array.from({ length: 31 }, (_, i) => `message ${i}`);
    const times = texts.map((_, i) => 1_000_000 + i * 2_100);
    expect(sendAll(texts, times).every((v) => v === null)).toBe(true);
  });

  it('the same text five times in a row is repeated, whatever the case and spacing', () => {
    const verdicts = sendAll(
      ['Buy now', 'buy  NOW', 'buy now!', 'Buy now', 'buy now'],
      [1, 2, 3, 4, 5].map((s) => s * 1_000),
    );
    expect(verdicts).toEqual([null, null, null, null, 'repeated']);
  });

  it('four repeats and then something else is fine, and so are repeats a minute apart', () => {
    expect(
      sendAll(
        ['a', 'a', 'a', 'a', 'b'],
        [1, 2, 3, 4, 5].map((s) => s * 1_000),
      ).every((v) => v === null),
    ).toBe(true);
    expect(
      sendAll(
        ['a', 'a', 'a', 'a', 'a'],
        [0, 61, 122, 183, 244].map((s) => s * 1_000),
      ).every((v) => v === null),
    ).toBe(true);
  });

  it('each mute lasts longer than the one before', () => {
    const steps = [1, 2, 3, 4, 5, 6].map(muteDurationMs);
    expect(steps[0]).toBe(60_000);
    for (let i = 1; i < 5; i++) expect(steps[i]!).toBeGreaterThan(steps[i - 1]!);
    expect(steps[5]).toBe(steps[4]);
  });
});

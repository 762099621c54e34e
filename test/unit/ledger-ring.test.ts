/**
 * The client's side of the rules' rate-limit rings (firestore.rules ringAdvances): which slot the
 * next write fills, and whether its last use is still inside the window.
 */
import { Timestamp } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { nextRingEntry } from '../../web/src/data/ledger';

const NOW = 10 * 3_600_000;
const HOUR = 3_600_000;
const ring = (n: number, ageMs: (slot: number) => number, count: number) => ({
  n,
  at: Object.fromEntries(
    Array.from({ length: Math.min(n, count) }, (_, slot) => [String(slot), Timestamp.fromMillis(NOW - ageMs(slot))]),
  ),
});

describe('nextRingEntry', () => {
  it('starts a ledger that does not exist at slot 0, n = 1', () => {
    const { freesAt, entry } = nextRingEntry(undefined, 5, HOUR, NOW);
    expect(freesAt).toBeNull();
    expect(entry.n).toBe(1);
    expect(Object.keys(entry.at)).toEqual(['0']);
  });

  it('fills the next slot while the ring has room', () => {
    const { freesAt, entry } = nextRingEntry(
      ring(3, () => 60_000, 5),
      5,
      HOUR,
      NOW,
    );
    expect(freesAt).toBeNull();
    expect(entry.n).toBe(4);
    expect(Object.keys(entry.at)).toEqual(['3']);
  });

  it('refuses a full ring until its oldest use is a window old, and says when', () => {
    const full = ring(5, (slot) => (40 - slot) * 60_000, 5);
    const { freesAt } = nextRingEntry(full, 5, HOUR, NOW);
    expect(freesAt?.getTime()).toBe(NOW - 40 * 60_000 + HOUR);
    // the same ring an hour and a bit later: slot 0 is free again, and the count wraps onto it
    const later = nextRingEntry(full, 5, HOUR, NOW + 21 * 60_000);
    expect(later.freesAt).toBeNull();
    expect(later.entry.n).toBe(6);
    expect(Object.keys(later.entry.at)).toEqual(['0']);
  });
});

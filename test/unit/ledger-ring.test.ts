/**
 * The client's side of the rules' rate-limit rings (firestore.rules ringAdvances): which slot the
 * next write fills, and whether its last use is still inside the window.
 */
import { Timestamp } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { UPLOAD_BYTES, UPLOAD_WINDOW_MS } from '@chat/shared';
import { nextRingEntry, nextUploadEntry } from '../../web/src/data/ledger';

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

describe('nextUploadEntry (firestore.rules uploadCounted)', () => {
  const file = { size: 1000, roomId: 'r1', attachmentId: 'a1' };
  const ledger = (sinceAgoMs: number, bytes: number) => {
    const since = Timestamp.fromMillis(NOW - sinceAgoMs);
    return { since, bytes, at: since, roomId: 'r0', attachmentId: 'a0' };
  };

  it('starts a window with the first file', () => {
    const { freesAt, entry } = nextUploadEntry(undefined, file, NOW);
    expect(freesAt).toBeNull();
    expect(entry).toMatchObject({ bytes: 1000, roomId: 'r1', attachmentId: 'a1' });
    expect(entry.since).not.toBeInstanceOf(Timestamp);
  });

  it('adds a file to the running window, keeping its start', () => {
    const running = ledger(HOUR, 5000);
    const { freesAt, entry } = nextUploadEntry(running, file, NOW);
    expect(freesAt).toBeNull();
    expect(entry).toMatchObject({ bytes: 6000, since: running.since });
  });

  it('takes the window up to the limit to the byte, and says when it ends past it', () => {
    expect(nextUploadEntry(ledger(HOUR, UPLOAD_BYTES - 1000), file, NOW).freesAt).toBeNull();
    const { freesAt } = nextUploadEntry(ledger(HOUR, UPLOAD_BYTES - 999), file, NOW);
    expect(freesAt?.getTime()).toBe(NOW - HOUR + UPLOAD_WINDOW_MS + 5 * 60_000);
  });

  it('goes on counting in a window just ended, so a clock ahead of the server is not refused', () => {
    const { entry } = nextUploadEntry(ledger(UPLOAD_WINDOW_MS + 60_000, 5000), file, NOW);
    expect(entry.bytes).toBe(6000);
  });

  it('starts a new window a day and a margin after the last began', () => {
    const { freesAt, entry } = nextUploadEntry(ledger(UPLOAD_WINDOW_MS + 6 * 60_000, UPLOAD_BYTES), file, NOW);
    expect(freesAt).toBeNull();
    expect(entry.bytes).toBe(1000);
    expect(entry.since).not.toBeInstanceOf(Timestamp);
  });
});

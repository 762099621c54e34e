import { PRESENCE_STALE_MS } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import { combineTabs, describePresence, effectiveState, planWrite } from '../../web/src/lib/presence';
import { defaultLevel, shouldNotify, titleFor } from '../../web/src/lib/notify';

describe('presence', () => {
  const now = 1_000_000_000;
  it('turns a stale heartbeat into offline', () => {
    expect(effectiveState('online', now - 1000, now)).toBe('online');
    expect(effectiveState('away', now - PRESENCE_STALE_MS, now)).toBe('away');
    expect(effectiveState('online', now - PRESENCE_STALE_MS - 1, now)).toBe('offline');
    expect(effectiveState(null, null, now)).toBe('offline');
  });
  it('describes it with a last-seen time', () => {
    expect(describePresence('online', now, now)).toBe('Online');
    expect(describePresence('away', now, now)).toBe('Away');
    expect(describePresence('offline', now - 10 * 60_000, now)).toBe('Last seen 10 minutes ago');
    expect(describePresence(null, null, now)).toBe('Offline');
  });
  it('is online while any tab is visible', () => {
    expect(combineTabs([false, true])).toBe('online');
    expect(combineTabs([false, false])).toBe('away');
    expect(combineTabs([])).toBe('offline');
  });
  it('writes a change at once, heartbeats once a minute, never twice within the gap', () => {
    const plan = (state: 'online' | 'away', lastWritten: 'online' | 'away' | null, lastWriteMs: number | null) =>
      planWrite({ state, lastWritten, lastWriteMs, nowMs: now }, 60_000, 5_000);
    expect(plan('online', null, null)).toEqual({ now: true, laterMs: null });
    expect(plan('online', 'online', now - 10_000)).toEqual({ now: false, laterMs: 50_000 });
    expect(plan('online', 'online', now - 60_000)).toEqual({ now: true, laterMs: null });
    expect(plan('away', 'online', now - 10_000)).toEqual({ now: true, laterMs: null });
    expect(plan('away', 'online', now - 1_000)).toEqual({ now: false, laterMs: 4_000 });
  });
  it('goes away only once every tab has been hidden for a while (a closing tab hides first)', () => {
    const plan = (sinceMs: number, lastWriteMs = now - 60_000) =>
      planWrite({ state: 'away', lastWritten: 'online', lastWriteMs, nowMs: now, sinceMs }, 60_000, 5_000, 10_000);
    expect(plan(now)).toEqual({ now: false, laterMs: 10_000 });
    expect(plan(now - 4_000)).toEqual({ now: false, laterMs: 6_000 });
    expect(plan(now - 10_000)).toEqual({ now: true, laterMs: null });
    // the gap after the last write still holds
    expect(plan(now - 10_000, now - 1_000)).toEqual({ now: false, laterMs: 4_000 });
    // coming back is written at once
    expect(
      planWrite(
        { state: 'online', lastWritten: 'away', lastWriteMs: now - 60_000, nowMs: now, sinceMs: now },
        60_000,
        5_000,
        10_000,
      ),
    ).toEqual({ now: true, laterMs: null });
  });
});

describe('notifications', () => {
  const base = { kind: 'public' as const, level: 'mentions' as const, mine: false, mentionsMe: false, hidden: true };
  it('defaults to everything in direct rooms and mentions elsewhere', () => {
    expect(defaultLevel('direct')).toBe('all');
    expect(defaultLevel('public')).toBe('mentions');
    expect(defaultLevel('private')).toBe('mentions');
  });
  it('notifies by level, only while hidden, never for your own messages', () => {
    expect(shouldNotify(base)).toBe(false);
    expect(shouldNotify({ ...base, mentionsMe: true })).toBe(true);
    expect(shouldNotify({ ...base, level: 'all' })).toBe(true);
    expect(shouldNotify({ ...base, level: 'none', mentionsMe: true })).toBe(false);
    expect(shouldNotify({ ...base, level: 'all', hidden: false })).toBe(false);
    expect(shouldNotify({ ...base, level: 'all', mine: true })).toBe(false);
  });
  it('puts the unread total in the title while hidden', () => {
    expect(titleFor('Firechat', 3, true)).toBe('(3) Firechat');
    expect(titleFor('Firechat', 3, false)).toBe('Firechat');
    expect(titleFor('Firechat', 0, true)).toBe('Firechat');
    expect(titleFor('Firechat', 250, true)).toBe('(99+) Firechat');
  });
});

import { describe, expect, it } from 'vitest';
import { outboxReducer, parseOutbox, reconcileOutbox, REFUSED, type OutboxEntry } from '../../web/src/lib/outbox';

const base = { roomId: 'r', authorId: 'u', text: 'hi', replyTo: null, mentions: [], queuedAt: 1 };

function queued(...ids: string[]): OutboxEntry[] {
  return ids.reduce<OutboxEntry[]>((s, id) => outboxReducer(s, { type: 'queued', entry: { ...base, id } }), []);
}

describe('outbox', () => {
  it('moves pending -> confirmed (gone), pending -> failed -> pending, and discards', () => {
    let s = queued('a', 'b', 'c');
    expect(s.map((e) => e.state)).toEqual(['pending', 'pending', 'pending']);
    s = outboxReducer(s, { type: 'confirmed', id: 'a' });
    s = outboxReducer(s, { type: 'rejected', id: 'b', reason: 'no' });
    expect(s.map((e) => [e.id, e.state, e.reason])).toEqual([
      ['b', 'failed', 'no'],
      ['c', 'pending', null],
    ]);
    s = outboxReducer(s, { type: 'retried', id: 'b' });
    expect(s[0]).toMatchObject({ state: 'pending', reason: null });
    s = outboxReducer(s, { type: 'discarded', id: 'c' });
    expect(s.map((e) => e.id)).toEqual(['b']);
  });

  it('queues an id once', () => {
    expect(outboxReducer(queued('a'), { type: 'queued', entry: { ...base, id: 'a' } })).toHaveLength(1);
  });

  it('only retries failed entries', () => {
    const s = outboxReducer(queued('a'), { type: 'retried', id: 'a' });
    expect(s[0]?.state).toBe('pending');
  });

  it('reconciles a snapshot: acked docs confirm, vanished pending docs are checked with the server', () => {
    const s = [...queued('a', 'b', 'c', 'd', 'e'), { ...base, id: 'x', roomId: 'other', state: 'pending' as const, reason: null }];
    const events = reconcileOutbox(s, {
      roomId: 'r',
      present: new Map([
        ['a', false],
        ['b', true],
      ]),
      vanished: new Set(['c', 'e']),
      fromServer: true,
      // e vanished too, but this page awaits its commit: its own promise tells (and checks)
      inFlight: new Set(['d', 'e']),
    });
    expect(events).toEqual({ events: [{ type: 'confirmed', id: 'a' }], orphans: [], unsure: ['c'] });
  });

  it('confirms a failed entry the server has after all, and leaves other failed entries alone', () => {
    let s = queued('a', 'b');
    s = outboxReducer(s, { type: 'rejected', id: 'a', reason: REFUSED });
    s = outboxReducer(s, { type: 'rejected', id: 'b', reason: REFUSED });
    const view = { roomId: 'r', vanished: new Set<string>(), fromServer: true, inFlight: new Set<string>() };
    // 'a' is in the room as the server has it; 'b' is nowhere: failed entries are never orphans
    expect(reconcileOutbox(s, { ...view, present: new Map([['a', false]]) })).toEqual({
      events: [{ type: 'confirmed', id: 'a' }],
      orphans: [],
      unsure: [],
    });
    // still a local write in the view: not confirmed yet
    expect(reconcileOutbox(s, { ...view, present: new Map([['a', true]]) }).events).toEqual([]);
  });

  it('hands back a pending entry that neither the cache nor a commit carries, once the server answered', () => {
    const view = { roomId: 'r', present: new Map(), vanished: new Set<string>(), inFlight: new Set<string>() };
    expect(reconcileOutbox(queued('a'), { ...view, fromServer: false })).toEqual({ events: [], orphans: [], unsure: [] });
    expect(reconcileOutbox(queued('a'), { ...view, fromServer: true })).toEqual({ events: [], orphans: ['a'], unsure: [] });
  });

  it('survives a round trip through storage and ignores junk', () => {
    const s = outboxReducer(queued('a', 'b'), { type: 'rejected', id: 'b', reason: 'r' });
    expect(parseOutbox(JSON.stringify(s))).toEqual(s);
    expect(parseOutbox('not json')).toEqual([]);
    expect(parseOutbox('{"a":1}')).toEqual([]);
    expect(parseOutbox(JSON.stringify([{ id: 1 }, ...s]))).toEqual(s);
  });
});

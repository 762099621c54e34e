import { describe, expect, it } from 'vitest';
import type { AttachmentRef } from '@chat/shared';
import {
  FILE_LOST,
  inView,
  outboxReducer,
  parseOutbox,
  reconcileOutbox,
  REFUSED,
  retryable,
  type OutboxEntry,
  type OutboxFile,
} from '../../web/src/lib/outbox';

const base = { roomId: 'r', authorId: 'u', text: 'hi', replyTo: null, mentions: [], file: null, thread: null, queuedAt: 1 };
const file: OutboxFile = {
  name: 'notes.pdf',
  contentType: 'application/pdf',
  size: 1200,
  width: null,
  height: null,
  ref: null,
  lost: false,
};
const stored: AttachmentRef = {
  id: 'att2',
  name: 'notes.pdf',
  contentType: 'application/pdf',
  size: 1200,
  sha256: 'a'.repeat(64),
  width: null,
  height: null,
};

function withFile(id: string): OutboxEntry[] {
  return outboxReducer([], { type: 'queued', entry: { ...base, id, text: '', file } });
}

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
    expect(events).toEqual({ events: [{ type: 'confirmed', id: 'a' }], orphans: [], unsure: ['c'], uploads: [] });
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
      uploads: [],
    });
    // still a local write in the view: not confirmed yet
    expect(reconcileOutbox(s, { ...view, present: new Map([['a', true]]) }).events).toEqual([]);
  });

  it('hands back a pending entry that neither the cache nor a commit carries, once the server answered', () => {
    const view = { roomId: 'r', present: new Map(), vanished: new Set<string>(), inFlight: new Set<string>() };
    expect(reconcileOutbox(queued('a'), { ...view, fromServer: false })).toEqual({ events: [], orphans: [], unsure: [], uploads: [] });
    expect(reconcileOutbox(queued('a'), { ...view, fromServer: true })).toEqual({ events: [], orphans: ['a'], unsure: [], uploads: [] });
  });

  it('queues a message with a file as uploading, and pending once the file is stored', () => {
    let s = withFile('f');
    expect(s[0]).toMatchObject({ state: 'uploading', reason: null });
    s = outboxReducer(s, { type: 'uploaded', id: 'f', ref: stored });
    expect(s[0]).toMatchObject({ state: 'pending', file: { ref: stored } });
    // a late 'uploaded' (another tab) changes nothing once it is pending
    expect(outboxReducer(s, { type: 'uploaded', id: 'f', ref: { ...stored, id: 'att3' } })).toEqual(s);
    // a file already stored is queued pending
    const again = outboxReducer([], { type: 'queued', entry: { ...base, id: 'g', file: { ...file, ref: stored } } });
    expect(again[0]?.state).toBe('pending');
  });

  it('retries a failed upload by uploading again, and a refused send of a stored file by sending again', () => {
    let s = outboxReducer(withFile('f'), { type: 'rejected', id: 'f', reason: 'no upload' });
    expect(s[0]).toMatchObject({ state: 'failed', reason: 'no upload' });
    s = outboxReducer(s, { type: 'retried', id: 'f' });
    expect(s[0]).toMatchObject({ state: 'uploading', reason: null });
    s = outboxReducer(s, { type: 'uploaded', id: 'f', ref: stored });
    s = outboxReducer(s, { type: 'rejected', id: 'f', reason: REFUSED });
    s = outboxReducer(s, { type: 'retried', id: 'f' });
    expect(s[0]).toMatchObject({ state: 'pending', file: { ref: stored } });
    // a cancel is a discard: gone
    expect(outboxReducer(withFile('f'), { type: 'discarded', id: 'f' })).toEqual([]);
  });

  it('marks an entry whose file is gone as failed for good: only Discard is left', () => {
    let s = outboxReducer(withFile('f'), { type: 'lost', id: 'f' });
    expect(s[0]).toMatchObject({ state: 'failed', reason: FILE_LOST, file: { lost: true } });
    expect(retryable(s[0]!)).toBe(false);
    s = outboxReducer(s, { type: 'retried', id: 'f' });
    expect(s[0]?.state).toBe('failed');
    // a stored file does not need its bytes to be sent, nor does a text
    let sent = outboxReducer(withFile('g'), { type: 'uploaded', id: 'g', ref: stored });
    sent = outboxReducer(sent, { type: 'lost', id: 'g' });
    expect(sent[0]?.state).toBe('pending');
    expect(outboxReducer(queued('t'), { type: 'lost', id: 't' })[0]?.state).toBe('pending');
    expect(retryable(outboxReducer(queued('t'), { type: 'rejected', id: 't', reason: REFUSED })[0]!)).toBe(true);
  });

  it('takes up uploads no upload of this page carries, whatever the snapshot, and never as orphans', () => {
    const s = [...withFile('f'), ...withFile('g'), ...queued('t')];
    const view = { roomId: 'r', present: new Map(), vanished: new Set<string>(), fromServer: false };
    expect(reconcileOutbox(s, { ...view, inFlight: new Set(['g']) })).toEqual({
      events: [],
      orphans: [],
      unsure: [],
      uploads: ['f'],
    });
    expect(reconcileOutbox(s, { ...view, fromServer: true, inFlight: new Set(['f', 'g']) }).orphans).toEqual(['t']);
  });

  it('survives a round trip through storage and ignores junk', () => {
    const s = outboxReducer(queued('a', 'b'), { type: 'rejected', id: 'b', reason: 'r' });
    expect(parseOutbox(JSON.stringify(s))).toEqual(s);
    expect(parseOutbox('not json')).toEqual([]);
    expect(parseOutbox('{"a":1}')).toEqual([]);
    expect(parseOutbox(JSON.stringify([{ id: 1 }, ...s]))).toEqual(s);
  });

  it('reads entries stored before files existed, keeps a file entry, and drops an upload without a file', () => {
    const old = { ...base, id: 'o', state: 'pending', reason: null } as Record<string, unknown>;
    delete old.file;
    expect(parseOutbox(JSON.stringify([old]))).toEqual([{ ...base, id: 'o', state: 'pending', reason: null }]);
    const f = withFile('f');
    expect(parseOutbox(JSON.stringify(f))).toEqual(f);
    expect(parseOutbox(JSON.stringify([{ ...f[0], file: null }]))).toEqual([]);
    expect(parseOutbox(JSON.stringify([{ ...f[0], file: { name: 'x' } }]))).toEqual([]);
  });

  it('reconciles a thread reply in its thread, and in the room only when it was sent there too', () => {
    const reply = (id: string, inRoom: boolean) =>
      ({ ...base, id, thread: { id: 'parent', inRoom }, state: 'pending', reason: null }) as OutboxEntry;
    const entries = [{ ...queued('room')[0]! }, reply('only', false), reply('both', true)];
    expect(entries.filter((e) => inView(e, null)).map((e) => e.id)).toEqual(['room', 'both']);
    expect(entries.filter((e) => inView(e, 'parent')).map((e) => e.id)).toEqual(['only', 'both']);
    expect(entries.filter((e) => inView(e, 'other')).map((e) => e.id)).toEqual([]);
    const view = { roomId: 'r', present: new Map(), vanished: new Set<string>(), inFlight: new Set<string>(), fromServer: true };
    // the room's history never carries a reply that stays in its thread: one nobody is sending is
    // asked of the server from there too (its thread may not be opened again)
    expect(reconcileOutbox(entries, view).orphans).toEqual(['room', 'only', 'both']);
    expect(reconcileOutbox(entries, { ...view, inFlight: new Set(['only']) }).orphans).toEqual(['room', 'both']);
    expect(reconcileOutbox(entries, { ...view, fromServer: false }).orphans).toEqual([]);
    expect(reconcileOutbox(entries, { ...view, threadId: 'parent' }).orphans).toEqual(['only', 'both']);
    expect(
      reconcileOutbox(entries, { ...view, threadId: 'parent', present: new Map([['only', false]]) }).events,
    ).toEqual([{ type: 'confirmed', id: 'only' }]);
  });

  it('keeps a queued thread reply across a reload, and reads an entry from before threads as a room message', () => {
    const s = outboxReducer([], { type: 'queued', entry: { ...base, id: 't', thread: { id: 'parent', inRoom: true } } });
    expect(parseOutbox(JSON.stringify(s))).toEqual(s);
    const { thread: _thread, ...old } = s[0]!;
    expect(parseOutbox(JSON.stringify([old]))[0]?.thread).toBeNull();
  });
});

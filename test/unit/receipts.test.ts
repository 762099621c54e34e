import { describe, expect, it } from 'vitest';
import { receiptFor, seenByLabel, type CursorInfo } from '../../web/src/lib/receipts';

const messages = [
  { id: 'm1', at: 100, pending: false },
  { id: 'm2', at: 200, pending: false },
  { id: 'm3', at: 300, pending: false },
];
const positions = new Map(messages.map((m, i) => [m.id, i]));
const opts = (cursors: CursorInfo[], lastSeen: [string, number][] = []) => ({
  myUid: 'me',
  cursors,
  lastSeen: new Map(lastSeen),
  positions,
  newestAt: 300,
});

describe('receipts', () => {
  it('is sending while the write is pending', () => {
    expect(receiptFor({ ...messages[2]!, pending: true }, opts([])).state).toBe('sending');
  });

  it('is sent, then delivered once a recipient was online after it, then read', () => {
    const m2 = messages[1]!;
    expect(receiptFor(m2, opts([], [['ben', 150]])).state).toBe('sent');
    expect(receiptFor(m2, opts([], [['ben', 250]])).state).toBe('delivered');
    expect(receiptFor(m2, opts([], [['me', 999]])).state).toBe('sent');
    const read = receiptFor(m2, opts([{ uid: 'ben', name: 'Ben', at: 260, messageId: 'm2' }]));
    expect(read).toEqual({ state: 'read', seenBy: ['Ben'] });
  });

  it('compares cursors by message position, not by the time they were written', () => {
    // Ben's cursor was written after m3 existed but points at m1: he has not seen m2 or m3.
    const cursor = { uid: 'ben', name: 'Ben', at: 400, messageId: 'm1' };
    expect(receiptFor(messages[1]!, opts([cursor])).state).toBe('sent');
    expect(receiptFor(messages[0]!, opts([cursor])).state).toBe('read');
  });

  it('treats a cursor on a message not loaded here by its time', () => {
    expect(receiptFor(messages[2]!, opts([{ uid: 'b', name: 'B', at: 500, messageId: 'newer' }])).state).toBe('read');
    expect(receiptFor(messages[0]!, opts([{ uid: 'b', name: 'B', at: 50, messageId: 'older' }])).state).toBe('sent');
  });

  it('lists who has seen it in a group', () => {
    const cursors = ['Cy', 'Ana', 'Ben', 'Dee'].map((name) => ({ uid: name, name, at: 300, messageId: 'm3' }));
    const r = receiptFor(messages[2]!, opts([...cursors, { uid: 'me', name: 'Me', at: 300, messageId: 'm3' }]));
    expect(r.seenBy).toEqual(['Ana', 'Ben', 'Cy', 'Dee']);
    expect(seenByLabel(r.seenBy)).toBe('Seen by Ana, Ben and 2 others');
    expect(seenByLabel(['Ana', 'Ben'])).toBe('Seen by Ana and Ben');
    expect(seenByLabel(['Ana'])).toBe('Seen by Ana');
  });
});

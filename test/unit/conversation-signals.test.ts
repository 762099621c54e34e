import { textMessage } from '@chat/shared';
import { Timestamp } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import type { MessageDoc } from '../../web/src/data/converters';
import { receiptsOf, type Receipt } from '../../web/src/lib/receipts';

const message = (id: string, authorId: string, atMs: number): MessageDoc => ({
  id,
  ...textMessage({ authorId, authorName: authorId, text: id, createdAt: Timestamp.fromMillis(atMs) }),
});

describe('receiptsOf: the receipts of my messages, as each message renders them', () => {
  const base = { myUid: 'me', pendingIds: new Set<string>(), lastSeen: new Map<string, number>() };

  it('keeps a receipt the same object while it says the same, so the message does not render again', () => {
    const messages = [message('m1', 'me', 1000), message('m2', 'ana', 2000)];
    const first = receiptsOf({ ...base, messages, reads: {} });
    const sent = first.get('m1');
    expect(sent).toEqual({ state: 'sent', seenBy: [] });
    expect(first.has('m2')).toBe(false);
    // another message arrives: m1's receipt says the same, and is the same
    const more = [...messages, message('m3', 'ana', 3000)];
    const second = receiptsOf({ ...base, messages: more, reads: {} }, first);
    expect(second.get('m1')).toBe(sent);
    // Ana reads it: a new receipt that says so, kept in turn
    const reads = { ana: { name: 'Ana', at: Timestamp.fromMillis(3000), messageId: 'm3' } };
    const third = receiptsOf({ ...base, messages: more, reads }, second);
    const read = third.get('m1');
    expect(read).toEqual({ state: 'read', seenBy: ['Ana'] });
    const fourth = receiptsOf({ ...base, messages: [...more, message('m4', 'ana', 4000)], reads }, third);
    expect(fourth.get('m1')).toBe(read);
  });

  it('takes a new receipt when the names that saw it change, even with the same state', () => {
    const messages = [message('m1', 'me', 1000), message('m2', 'ana', 2000)];
    const at = Timestamp.fromMillis(2000);
    const byAna = receiptsOf({ ...base, messages, reads: { ana: { name: 'Ana', at, messageId: 'm2' } } });
    const byBoth = receiptsOf(
      {
        ...base,
        messages,
        reads: { ana: { name: 'Ana', at, messageId: 'm2' }, ben: { name: 'Ben', at, messageId: 'm2' } },
      },
      byAna,
    );
    expect(byBoth.get('m1')).toEqual<Receipt>({ state: 'read', seenBy: ['Ana', 'Ben'] });
    expect(byBoth.get('m1')).not.toBe(byAna.get('m1'));
  });
});

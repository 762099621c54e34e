import { memberDocument, textMessage, type Member, type Message } from '@chat/shared';
import { serverTimestamp, type Timestamp } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { converter, withNameLower } from '../../web/src/data/converters';

// The client writes through typed references whose converter takes the id out of the data: the
// rules check exact key sets, so what reaches Firestore must be the builder's document, exactly.
describe('converter().toFirestore', () => {
  it('stores the document without its id, as the builder made it', () => {
    const member = memberDocument({ uid: 'ana', role: 'member', displayName: 'Ana', joinedAt: serverTimestamp() });
    expect(converter<Member<Timestamp>>().toFirestore({ id: 'ana', ...member })).toStrictEqual(member);
  });

  it('keeps nested ids and field values as they are', () => {
    const createdAt = serverTimestamp();
    const message = textMessage({ authorId: 'ana', authorName: 'Ana', text: 'hi', createdAt, replyTo: { id: 'm0' } });
    const stored = converter<Message<Timestamp>>().toFirestore({ id: 'm1', ...message });
    expect(stored).toStrictEqual(message);
    expect(stored.replyTo).toEqual({ id: 'm0' });
    expect(stored.createdAt).toBe(createdAt);
  });
});

// Member documents written before nameLower existed lack it until the backfill; the app reads
// them with it, so every member reads alike.
describe('withNameLower', () => {
  it("fills in a member's nameLower from the name, and keeps a stored one", () => {
    expect(withNameLower({ uid: 'ana', displayName: 'Ana LIMA' })).toEqual({
      uid: 'ana',
      displayName: 'Ana LIMA',
      nameLower: 'ana lima',
    });
    const stored = { uid: 'ana', displayName: 'Ana', nameLower: 'ana' };
    expect(withNameLower(stored)).toBe(stored);
  });
});

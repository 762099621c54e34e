import { describe, expect, it } from 'vitest';
import { QUOTE_EXCERPT, quoteOf, quoteText } from '../../web/src/lib/quote';

const ana = { authorId: 'ana', authorName: 'Ana', kind: 'text' };

describe('a reply quotes the message as it is now', () => {
  it("shows the quoted message's author and words, shortened", () => {
    expect(quoteOf({ ...ana, text: 'hello there' })).toEqual({
      state: 'shown',
      authorName: 'Ana',
      excerpt: 'hello there',
    });
    const long = quoteOf({ ...ana, text: 'é'.repeat(QUOTE_EXCERPT + 5) });
    expect(long.state === 'shown' && long.excerpt).toBe(`${'é'.repeat(QUOTE_EXCERPT)}…`);
    expect(quoteOf({ ...ana, text: '', attachment: { name: 'plan.pdf' } })).toMatchObject({
      excerpt: 'plan.pdf',
    });
  });

  it('never shows the words of a deleted or hidden message', () => {
    expect(quoteText(quoteOf({ ...ana, text: 'secret', deleted: true }))).toEqual({
      who: '',
      what: 'Message deleted',
    });
    expect(quoteText(quoteOf({ ...ana, text: 'secret', hidden: true })).what).not.toContain('secret');
  });

  it("never shows someone else's words before they are screened, where a room holds messages", () => {
    const held = { ...ana, text: 'secret', screened: false };
    expect(quoteText(quoteOf(held, 'ben'))).toEqual({ who: '', what: 'Checking this message…' });
    expect(quoteOf(held, 'ana')).toMatchObject({ state: 'shown', excerpt: 'secret' });
    expect(quoteOf({ ...held, screened: true }, 'ben')).toMatchObject({ state: 'shown', excerpt: 'secret' });
  });

  it('tells a quote still loading from one that cannot be read', () => {
    expect(quoteOf(undefined)).toEqual({ state: 'loading' });
    expect(quoteText(quoteOf(null)).what).toBe('Original message unavailable');
  });
});

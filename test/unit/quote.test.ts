import { describe, expect, it } from 'vitest';
import { QUOTE_EXCERPT, quoteOf, quoteText } from '../../web/src/lib/quote';

describe('a reply quotes the message as it is now', () => {
  it("shows the quoted message's author and words, shortened", () => {
    expect(quoteOf({ authorName: 'Ana', text: 'hello there' })).toEqual({
      state: 'shown',
      authorName: 'Ana',
      excerpt: 'hello there',
    });
    const long = quoteOf({ authorName: 'Ana', text: 'é'.repeat(QUOTE_EXCERPT + 5) });
    expect(long.state === 'shown' && long.excerpt).toBe(`${'é'.repeat(QUOTE_EXCERPT)}…`);
    expect(quoteOf({ authorName: 'Ana', text: '', attachment: { name: 'plan.pdf' } })).toMatchObject({
      excerpt: 'plan.pdf',
    });
  });

  it('never shows the words of a deleted or hidden message', () => {
    expect(quoteText(quoteOf({ authorName: 'Ana', text: 'secret', deleted: true }))).toEqual({
      who: '',
      what: 'Message deleted',
    });
    expect(quoteText(quoteOf({ authorName: 'Ana', text: 'secret', hidden: true })).what).not.toContain('secret');
  });

  it('tells a quote still loading from one that cannot be read', () => {
    expect(quoteOf(undefined)).toEqual({ state: 'loading' });
    expect(quoteText(quoteOf(null)).what).toBe('Original message unavailable');
  });
});

import { describe, expect, it } from 'vitest';
import { highlightParts } from '../../web/src/lib/highlight';

const marked = (text: string, query: string) =>
  highlightParts(text, query)
    .filter((p) => p.match)
    .map((p) => p.text);

describe('highlightParts', () => {
  it('marks the words that start with a word of the query, whatever the case', () => {
    expect(marked('The BUILD is green; rebuild later, builders', 'buil')).toEqual(['BUILD', 'builders']);
    expect(highlightParts('Build ok', 'build')).toEqual([
      { text: 'Build', match: true },
      { text: ' ok', match: false },
    ]);
  });

  it('marks every word of a query of several, and keeps the whole text in order', () => {
    const text = 'Deploy the build, then deploy again';
    expect(marked(text, 'dep bui')).toEqual(['Deploy', 'build', 'deploy']);
    expect(
      highlightParts(text, 'dep bui')
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
  });

  it('marks nothing for a query without words, and letters of any script', () => {
    expect(highlightParts('just text', '  !! ')).toEqual([{ text: 'just text', match: false }]);
    expect(marked('東京タワー と 東京駅', '東京')).toEqual(['東京タワー', '東京駅']);
  });
});

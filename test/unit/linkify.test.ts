import { describe, expect, it } from 'vitest';
import { safeHref, segmentText } from '../../web/src/lib/linkify';

describe('linkify', () => {
  it('makes http and https URLs links and leaves the rest as text', () => {
    expect(segmentText('see https://example.com/a?b=1 now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ' now' },
    ]);
    expect(segmentText('http://x.org')).toEqual([{ kind: 'link', text: 'http://x.org', href: 'http://x.org/' }]);
  });

  it('never links javascript:, data:, vbscript: or other schemes', () => {
    for (const text of [
      'javascript:alert(1)',
      'click javascript://example.com/%0Aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'ftp://example.com/file',
      'JaVaScRiPt:alert(1)',
    ]) {
      expect(segmentText(text).every((s) => s.kind === 'text')).toBe(true);
    }
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,hi')).toBeNull();
    expect(safeHref('https://ok.example/')).toBe('https://ok.example/');
  });

  it('keeps markup as plain text', () => {
    const segments = segmentText('<img src=x onerror=alert(1)> https://a.example/<b>');
    expect(segments[0]).toEqual({ kind: 'text', text: '<img src=x onerror=alert(1)> ' });
    expect(segments[1]).toMatchObject({ kind: 'link', text: 'https://a.example/' });
  });

  it('leaves sentence punctuation out of a link but keeps balanced parentheses', () => {
    expect(segmentText('go to https://example.com.')[1]).toMatchObject({ text: 'https://example.com' });
    expect(segmentText('(https://example.com)')[1]).toMatchObject({ text: 'https://example.com' });
    expect(segmentText('https://en.wikipedia.org/wiki/Vue_(software) x')[0]).toMatchObject({
      text: 'https://en.wikipedia.org/wiki/Vue_(software)',
    });
  });

  it('marks mentions of known names, longest first, not inside words or links', () => {
    expect(segmentText('hi @Ana Lima and @Ana!', ['Ana', 'Ana Lima'])).toEqual([
      { kind: 'text', text: 'hi ' },
      { kind: 'mention', text: '@Ana Lima', name: 'Ana Lima' },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@Ana', name: 'Ana' },
      { kind: 'text', text: '!' },
    ]);
    expect(segmentText('@Anatole', ['Ana']).map((s) => s.kind)).toEqual(['text']);
    expect(segmentText('https://x.example/@Ana', ['Ana']).map((s) => s.kind)).toEqual(['link']);
  });

  it('reassembles to the original text', () => {
    const text = 'a https://b.example/(c) @Ben, javascript:x d';
    expect(segmentText(text, ['Ben']).map((s) => s.text).join('')).toBe(text);
  });
});

import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../web/src/lib/markdown';
import { mayFormat, visibleText, type Block } from '../../web/src/lib/richText';

const text = (t: string) => ({ t: 'text', text: t });
const para = (...children: unknown[]) => ({ t: 'p', children });

describe('chat formatting (lib/markdown)', () => {
  it('formats bold, italic, strike and inline code', () => {
    expect(parseMessage('**b** *i* _i_ ~~s~~ ~s~ `c`')).toEqual([
      para(
        { t: 'strong', children: [text('b')] },
        text(' '),
        { t: 'em', children: [text('i')] },
        text(' '),
        { t: 'em', children: [text('i')] },
        text(' '),
        { t: 'del', children: [text('s')] },
        text(' '),
        { t: 'del', children: [text('s')] },
        text(' '),
        { t: 'code', text: 'c' },
      ),
    ]);
  });

  it('keeps line breaks, and inline markup never spans them', () => {
    expect(parseMessage('one *two\nthree* four')).toEqual([para(text('one *two\nthree* four'))]);
    expect(parseMessage('a\nb\n\nc')).toEqual([para(text('a\nb')), para(text('c'))]);
  });

  it('makes fenced code blocks with their language, content as typed', () => {
    expect(parseMessage('look:\n```ts title\nconst a = 1 < 2 && `x`;\n**no**\n```')).toEqual([
      para(text('look:')),
      { t: 'pre', lang: 'ts', text: 'const a = 1 < 2 && `x`;\n**no**' },
    ]);
    expect(parseMessage('```\nplain\n```')).toEqual([{ t: 'pre', lang: '', text: 'plain' }]);
    // never closed: text, so a lone ``` does not hide what follows
    expect(parseMessage('```js\nstill typing')).toEqual([para(text('```js\nstill typing'))]);
  });

  it('quotes only the lines that start with >', () => {
    expect(parseMessage('> quoted **a**\n> still\nnot quoted')).toEqual([
      { t: 'quote', children: [para(text('quoted '), { t: 'strong', children: [text('a')] }, text('\nstill'))] },
      para(text('not quoted')),
    ]);
  });

  it('makes bulleted, numbered and nested lists; a task box stays as typed', () => {
    expect(parseMessage('- a\n- b\n  - c\n\n3. x\n4. y\n\n- [ ] todo')).toEqual([
      {
        t: 'list',
        ordered: false,
        start: 1,
        items: [
          [para(text('a'))],
          [para(text('b')), { t: 'list', ordered: false, start: 1, items: [[para(text('c'))]] }],
        ],
      },
      { t: 'list', ordered: true, start: 3, items: [[para(text('x'))], [para(text('y'))]] },
      { t: 'list', ordered: false, start: 1, items: [[para(text('[ ] todo'))]] },
    ]);
  });

  it('links http(s) labels only, and never a label that names another address', () => {
    expect(parseMessage('[docs](https://example.com/a)')).toEqual([
      para({ t: 'link', href: 'https://example.com/a', children: [text('docs')] }),
    ]);
    expect(parseMessage('[example.com](https://example.com/x)')[0]).toEqual(
      para({ t: 'link', href: 'https://example.com/x', children: [text('example.com')] }),
    );
    for (const typed of [
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](data:text/html,<script>alert(1)</script>)',
      '[click](vbscript:msgbox(1))',
      '[click](ftp://example.com)',
      '[https://bank.example](https://evil.example)',
      '[bank.example/login](https://evil.example)',
    ]) {
      expect(parseMessage(typed), typed).toEqual([para(text(typed))]);
    }
  });

  it('leaves bare URLs to linkify, cut where linkify cuts them', () => {
    expect(parseMessage('see https://example.com/a_b_c*d*, ok')).toEqual([
      para(text('see https://example.com/a_b_c*d*, ok')),
    ]);
  });

  it('shows HTML, entities, headings, rules, images, tables and indented code as typed', () => {
    for (const typed of [
      '<b>bold</b> <script>alert(1)</script>',
      '&lt;script&gt; &#60;img&#62; &amp;',
      '# heading',
      'title\n===',
      '---',
      '![alt](https://example.com/a.png)',
      '| a | b |\n| - | - |\n| 1 | 2 |',
      '    indented code',
      '<https://example.com>',
      '[ref][1]\n\n[1]: https://example.com',
    ]) {
      expect(visibleText(parseMessage(typed)), typed).toBe(typed.replace('\n\n', '\n'));
    }
  });

  it('a backslash hides markup characters only', () => {
    expect(parseMessage('\\*not italic\\* \\${x} \\d')).toEqual([para(text('*not italic* \\${x} \\d'))]);
  });

  it('shows deep nesting past five levels as typed, and lexes hostile input', () => {
    const deep = parseMessage(`${'> '.repeat(300)}x`);
    let depth = 0;
    let node: Block | undefined = deep[0];
    while (node?.t === 'quote') {
      depth += 1;
      node = node.children[0];
    }
    expect(depth).toBe(5);
    for (const hostile of [
      '*'.repeat(2000),
      `${'['.repeat(1000)}${']'.repeat(1000)}`,
      '_a'.repeat(1000),
      '`'.repeat(2000),
      '- '.repeat(1000),
    ]) {
      expect(visibleText(parseMessage(hostile)).trim()).toBe(hostile.trim());
    }
    expect(JSON.stringify(parseMessage('1. '.repeat(600))).match(/"list"/g)).toHaveLength(5);
  });

  it('text without markup never needs the parser', () => {
    expect(mayFormat('hello there, https://example.com/ok ✨')).toBe(false);
    expect(mayFormat('2 + 2 = 4 > 3')).toBe(false);
    for (const typed of ['**b**', '_i_', '~s~', '`c`', '[l](https://x.y)', '> q', '- a', '1. a', '\\*', 'a\n* b']) {
      expect(mayFormat(typed), typed).toBe(true);
    }
  });
});

import { Lexer, Tokenizer, type MarkedOptions, type Token, type Tokens } from 'marked';
import { safeHref, urlAt } from './linkify';
import type { Block, Inline } from './richText';

/**
 * Chat formatting, the way Slack and Discord read it: **bold**, *italic* or _italic_,
 * ~~strike~~ or ~strike~, `code`, fenced code blocks with a language, > quotes, - and 1. lists,
 * and [label](https://…) links. Parsed by marked's lexer (tokens only: marked never renders
 * HTML here) into the small tree of lib/richText, which the components render as elements and
 * text nodes. What a chat does not format stays the characters that were typed:
 *
 * - no HTML (tags, entities are shown as typed), no headings, rules, tables, images,
 *   indented code or reference links;
 * - a ``` block needs its closing fence; inline markup never spans a line break (as in Slack), so a stray `*` on one line cannot
 *   swallow the lines after it;
 * - a quote is the lines that start with `>` (no lazy continuation);
 * - a backslash hides only the markup characters; before anything else it stays visible;
 * - a link must be http(s), and a label that names another address than the link's is shown
 *   as typed, so `[https://bank.example](https://evil.example)` cannot pass for the bank;
 * - bare URLs are found by lib/linkify, as in unformatted text.
 */

/** Characters a backslash may escape: what this module gives a meaning to. */
const MARKUP = new Set(['\\', '*', '_', '~', '`', '[', ']', '(', ')', '>', '-', '+', '.', '!', '#', '|']);

/**
 * marked's tokenizer with what a chat leaves as text turned off (returning undefined lets the
 * text fall through to a paragraph), quotes without lazy lines, and bare URLs cut as linkify
 * cuts them, kept as text for it.
 */
class ChatTokenizer extends Tokenizer {
  override heading() {
    return undefined;
  }
  override lheading() {
    return undefined;
  }
  override hr() {
    return undefined;
  }
  override code() {
    return undefined;
  }
  override html() {
    return undefined;
  }
  override def() {
    return undefined;
  }
  override table() {
    return undefined;
  }
  override tag() {
    return undefined;
  }
  override autolink() {
    return undefined;
  }
  override reflink() {
    return undefined;
  }
  /** A fence that is never closed is text, as in Discord: typing ``` alone does not hide the rest. */
  override fences(src: string): Tokens.Code | undefined {
    const token = super.fences(src);
    return token && /\n {0,3}(?:`{3,}|~{3,})[ \t]*(?:\n|$)/u.test(token.raw) ? token : undefined;
  }
  override url(src: string): Tokens.Link | undefined {
    const url = urlAt(src);
    if (!url) return undefined;
    // the lexer keeps whatever token comes back: a text token leaves the URL to linkify
    const text: Tokens.Text = { type: 'text', raw: url, text: url, escaped: false };
    return text as unknown as Tokens.Link;
  }
  override blockquote(src: string): Tokens.Blockquote | undefined {
    const match = /^(?: {0,3}>[^\n]*(?:\n|$))+/u.exec(src);
    if (!match) return undefined;
    const raw = match[0];
    const text = raw.replace(/^ {0,3}> ?/gmu, '').replace(/\n$/u, '');
    const top = this.lexer.state.top;
    this.lexer.state.top = true;
    const tokens = this.lexer.blockTokens(text, []);
    this.lexer.state.top = top;
    return { type: 'blockquote', raw, text, tokens };
  }
}

/** How deep quotes and lists nest before the rest is shown as typed. */
const MAX_DEPTH = 5;

const OPTIONS: MarkedOptions = { gfm: true, breaks: false, pedantic: false, silent: true };

function mergeText(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    const last = out.at(-1);
    if (node.t === 'text' && last?.t === 'text') last.text += node.text;
    else if (node.t !== 'text' || node.text !== '') out.push(node);
  }
  return out;
}

/** Whether a link's label reads as a web address other than the one it links to. */
function misleading(label: string, href: string): boolean {
  const named = /(?:https?:\/\/)?((?:[\p{L}\p{N}-]+\.)+\p{L}{2,})/iu.exec(label)?.[1];
  if (!named) return false;
  return named.toLowerCase() !== new URL(href).hostname.toLowerCase();
}

/** One message's conversion: a lexer keeps the tokens of what it read, so each text gets its own. */
class Converter {
  private readonly lexer = new Lexer({ ...OPTIONS, tokenizer: new ChatTokenizer() });

  blocks(text: string): Block[] {
    return this.blockList(this.lexer.lex(text), 0);
  }

  private blockList(tokens: readonly Token[], depth: number): Block[] {
    const out: Block[] = [];
    for (const token of tokens) {
      const block = this.block(token, depth);
      if (block) out.push(block);
    }
    return out;
  }

  private block(token: Token, depth: number): Block | null {
    // quotes in lists in quotes…: past a few levels the rest is shown as typed
    const nests = token.type === 'blockquote' || token.type === 'list';
    switch (nests && depth >= MAX_DEPTH ? 'raw' : token.type) {
      case 'space':
        return null;
      case 'paragraph':
      case 'text':
        return { t: 'p', children: this.lines((token as Tokens.Paragraph | Tokens.Text).text) };
      case 'blockquote':
        return { t: 'quote', children: this.blockList((token as Tokens.Blockquote).tokens, depth + 1) };
      case 'list': {
        const list = token as Tokens.List;
        return {
          t: 'list',
          ordered: list.ordered,
          start: list.ordered && typeof list.start === 'number' ? list.start : 1,
          items: list.items.map((item) => this.item(item, depth + 1)),
        };
      }
      case 'code': {
        const code = token as Tokens.Code;
        return { t: 'pre', lang: (code.lang ?? '').split(/\s/u)[0] ?? '', text: code.text };
      }
      default:
        // whatever else the lexer makes is shown as typed
        return { t: 'p', children: this.lines(token.raw.replace(/\n+$/u, '')) };
    }
  }

  private item(item: Tokens.ListItem, depth: number): Block[] {
    const blocks = this.blockList(
      item.tokens.filter((t) => t.type !== 'checkbox'),
      depth,
    );
    if (item.task) {
      // a task box is shown as typed
      const box: Inline = { t: 'text', text: item.checked ? '[x] ' : '[ ] ' };
      const first = blocks[0];
      if (first?.t === 'p') first.children = mergeText([box, ...first.children]);
      else blocks.unshift({ t: 'p', children: [box] });
    }
    return blocks;
  }

  /** A paragraph's inline markup, line by line: nothing spans a line break. */
  private lines(text: string): Inline[] {
    const out: Inline[] = [];
    text.split('\n').forEach((line, i) => {
      if (i > 0) out.push({ t: 'text', text: '\n' });
      out.push(...this.inlines(this.lexer.inlineTokens(line, [])));
    });
    return mergeText(out);
  }

  private inlines(tokens: readonly Token[]): Inline[] {
    return mergeText(tokens.map((token) => this.inline(token)));
  }

  private inline(token: Token): Inline {
    switch (token.type) {
      case 'text':
        // the source characters: entities stay as typed
        return { t: 'text', text: token.raw };
      case 'escape':
        return { t: 'text', text: MARKUP.has(token.text) ? token.text : token.raw };
      case 'strong':
      case 'em':
      case 'del':
        return { t: token.type, children: this.inlines((token as Tokens.Strong).tokens) };
      case 'codespan':
        return { t: 'code', text: (token as Tokens.Codespan).text };
      case 'link': {
        const link = token as Tokens.Link;
        const href = safeHref(link.href);
        if (!href || misleading(link.text, href)) return { t: 'text', text: link.raw };
        return { t: 'link', href, children: this.inlines(link.tokens) };
      }
      default:
        return { t: 'text', text: token.raw };
    }
  }
}

/** The formatted tree of a message's text. */
export function parseMessage(text: string): Block[] {
  return new Converter().blocks(text);
}

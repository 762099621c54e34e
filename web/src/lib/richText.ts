/**
 * The shape a formatted message is rendered from: a small tree of blocks and inlines that the
 * components turn into elements and text nodes (never HTML). lib/markdown.ts builds it from the
 * message text; this module holds only the types and the cheap test of whether a text needs the
 * parser at all, so the chat screen can show most messages without loading it.
 */
export type Inline =
  /** plain text: links and mentions are found in it when it is rendered */
  | { t: 'text'; text: string }
  | { t: 'strong' | 'em' | 'del'; children: Inline[] }
  | { t: 'code'; text: string }
  /** a `[label](https://…)` link; the href is always http(s) */
  | { t: 'link'; href: string; children: Inline[] };

export type Block =
  /** a paragraph, lines joined by '\n' text (the element keeps line breaks) */
  | { t: 'p'; children: Inline[] }
  | { t: 'quote'; children: Block[] }
  | { t: 'list'; ordered: boolean; start: number; items: Block[][] }
  /** a fenced code block; `lang` is '' when none was given */
  | { t: 'pre'; lang: string; text: string };

/**
 * Whether `text` may hold formatting: a character that opens inline markup, or a line that
 * starts a quote, a list or a code fence. When not, the text renders as it is, with no parser.
 */
export function mayFormat(text: string): boolean {
  return /[*_~`[\\]|^ {0,3}(?:>|[-+*] |\d{1,9}[.)] )/mu.test(text);
}

/** The characters a reader sees, in order: what the tree shows as text. */
export function visibleText(blocks: readonly Block[]): string {
  const inline = (nodes: readonly Inline[]): string =>
    nodes.map((n) => ('children' in n ? inline(n.children) : n.text)).join('');
  return blocks
    .map((b) => {
      if (b.t === 'p') return inline(b.children);
      if (b.t === 'pre') return b.text;
      if (b.t === 'quote') return visibleText(b.children);
      return b.items.map((item) => visibleText(item)).join('\n');
    })
    .join('\n');
}

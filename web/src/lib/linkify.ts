/**
 * Splits message text into plain text, links and mentions for rendering as text nodes (never
 * HTML). Only http and https URLs become links: `javascript:`, `data:` and anything else stay
 * plain text, so nothing a sender types can run in a reader's page.
 */
export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; name: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/giu;
/** Punctuation that ends a sentence rather than the URL. */
const TRAILING = /[.,;:!?)\]}'"»”’]+$/u;

/** A safe href for `candidate`, or null when it is not a well-formed http(s) URL. */
export function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.href;
}

/** The URL as matched, without the sentence punctuation that follows it. */
function trimUrl(matched: string): string {
  const trailing = TRAILING.exec(matched);
  if (!trailing) return matched;
  let raw = matched.slice(0, matched.length - trailing[0].length);
  // keep a closing parenthesis that belongs to the URL, as in wiki links
  const opens = raw.split('(').length - 1;
  const closes = raw.split(')').length - 1;
  if (opens > closes && trailing[0].startsWith(')')) raw += ')';
  return raw;
}

/** The http(s) URL that `text` starts with, as segmentText would link it, or null. */
export function urlAt(text: string): string | null {
  const match = /^https?:\/\/[^\s<>"']+/iu.exec(text);
  if (!match) return null;
  const raw = trimUrl(match[0]);
  return safeHref(raw) ? raw : null;
}

function linkSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = trimUrl(match[0]);
    const start = match.index ?? 0;
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    out.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Text, links and `@Name` mentions of the given names (longest name first, so "@Ana Maria"
 * wins over "@Ana"). Mentions are matched only inside plain text, never inside links.
 */
export function segmentText(text: string, mentionNames: readonly string[] = []): Segment[] {
  const names = [...new Set(mentionNames.filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  const base = linkSegments(text);
  if (names.length === 0) return base;
  const pattern = new RegExp(`@(${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const out: Segment[] = [];
  for (const segment of base) {
    if (segment.kind !== 'text') {
      out.push(segment);
      continue;
    }
    let last = 0;
    for (const match of segment.text.matchAll(pattern)) {
      const start = match.index ?? 0;
      if (start > last) out.push({ kind: 'text', text: segment.text.slice(last, start) });
      const name = names.find((n) => n.toLowerCase() === (match[1] ?? '').toLowerCase()) ?? match[1] ?? '';
      out.push({ kind: 'mention', text: match[0], name });
      last = start + match[0].length;
    }
    if (last < segment.text.length) out.push({ kind: 'text', text: segment.text.slice(last) });
  }
  return out;
}

import { searchWords } from '@chat/shared';

export interface TextPart {
  text: string;
  match: boolean;
}

/**
 * `text` cut into runs, the words that start with one of the query's words marked: what search
 * found, shown as the index matched it (a query word is a prefix of the word, case and accents as
 * searchWords folds them). Plain parts, for the template to render as text nodes.
 */
export function highlightParts(text: string, query: string): TextPart[] {
  const wanted = searchWords(query);
  if (wanted.length === 0) return text ? [{ text, match: false }] : [];
  const parts: TextPart[] = [];
  const push = (chunk: string, match: boolean) => {
    const last = parts.at(-1);
    if (last && last.match === match) last.text += chunk;
    else parts.push({ text: chunk, match });
  };
  for (const piece of text.split(/([\p{L}\p{M}\p{N}]+)/u)) {
    if (!piece) continue;
    const lower = piece.toLowerCase();
    push(piece, /[\p{L}\p{M}\p{N}]/u.test(piece) && wanted.some((w) => lower.startsWith(w)));
  }
  return parts;
}

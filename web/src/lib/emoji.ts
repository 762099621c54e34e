/**
 * What counts as an emoji here: one of Unicode's recommended (RGI) emoji, a single character or
 * a sequence (flags, keycaps, skin tones, ZWJ families). Reactions are keyed by it, so a key is
 * stored in one form: the RGI spelling, which drops a variation selector the emoji does not need
 * ('👍\uFE0F' → '👍', as the picker's data spells some) and adds one it does ('❤' → '❤️').
 *
 * The longest RGI emoji today (kiss: person, person, skin tones) is 10 code points, 15 UTF-16
 * code units, 35 UTF-8 bytes; MAX_EMOJI_UTF16 leaves room for sequences Unicode may add.
 */
export const MAX_EMOJI_UTF16 = 32;

function rgiPattern(): RegExp {
  try {
    // the `v` flag's \p{RGI_Emoji} (ES2024): Chromium 112+, Firefox 116+, Safari 17+, Node 20+
    return new RegExp('^\\p{RGI_Emoji}$', 'v');
  } catch {
    // older engines: the shape of an emoji sequence, pictographs joined by ZWJ with modifiers
    const mod = '(?:\\uFE0F|\\p{Emoji_Modifier}|[\\u{E0020}-\\u{E007F}])*';
    const pictograph = `\\p{Extended_Pictographic}${mod}`;
    return new RegExp(`^(?:\\p{Regional_Indicator}{2}|[#*0-9]\\uFE0F?\\u20E3|${pictograph}(?:\\u200D${pictograph})*)$`, 'u');
  }
}

const RGI = rgiPattern();

/** The stored form of `input` when it is one emoji, else null. */
export function emojiKey(input: string): string | null {
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_EMOJI_UTF16) return null;
  if (RGI.test(text)) return text;
  const bare = text.replace(/\uFE0F/gu, '');
  if (RGI.test(bare)) return bare;
  if (RGI.test(`${bare}\uFE0F`)) return `${bare}\uFE0F`;
  return null;
}

export function isEmoji(input: string): boolean {
  return emojiKey(input) === input;
}

/** The `:shortcode` being typed at `caret` (after ':' at the start or after a space, 2+ characters). */
export function shortcodeQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|\s)(:([a-z0-9_+-]{2,32}))$/iu.exec(text.slice(0, caret));
  if (!match?.[1] || !match[2]) return null;
  return { start: caret - match[1].length, query: match[2].toLowerCase() };
}

/** Replaces the typed `:query` with the emoji and a space; returns the new text and caret. */
export function insertEmoji(text: string, start: number, caret: number, emoji: string): { text: string; caret: number } {
  const inserted = `${emoji} `;
  const next = text.slice(0, start) + inserted + text.slice(caret).replace(/^ /u, '');
  return { text: next, caret: start + inserted.length };
}

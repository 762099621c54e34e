/**
 * Emoji data and lookups, loaded by what uses them (the picker, the composer's `:shortcode`
 * suggestions), never with the chat screen. The data (emoji-picker-element-data, with Slack's
 * shortcodes from iamcal) is a hashed asset of our own origin: the CSP allows no CDN and the app
 * must work offline. Lookups go through the picker's own database (IndexedDB, filled once from
 * that asset), so the composer and the picker share emoji, skin tone and use counts.
 */
import Database from 'emoji-picker-element/database';
import dataUrl from 'emoji-picker-element-data/en/iamcal/data.json?url';
import type { Emoji, NativeEmoji } from 'emoji-picker-element/shared';
import { emojiKey } from './lib/emoji';

export const EMOJI_DATA_URL: string = dataUrl;
export interface EmojiSuggestion {
  emoji: string;
  shortcode: string;
}

let db: Database | null = null;
const database = () => (db ??= new Database({ dataSource: EMOJI_DATA_URL, locale: 'en' }));

const native = (e: Emoji): e is NativeEmoji => 'unicode' in e;

async function withSkinTone(e: NativeEmoji): Promise<string | null> {
  const tone = await database().getPreferredSkinTone();
  const skin = tone > 0 ? e.skins?.find((s) => s.tone === tone) : undefined;
  return emojiKey(skin?.unicode ?? e.unicode);
}

/** Emoji whose shortcode starts with `query` (then those whose name does), at most `max`. */
export async function searchShortcodes(query: string, max = 8): Promise<EmojiSuggestion[]> {
  const q = query.toLowerCase();
  const found = (await database().getEmojiBySearchQuery(q)).filter(native);
  const rank = (e: NativeEmoji) => ((e.shortcodes ?? []).some((s) => s.startsWith(q)) ? 0 : 1);
  const ranked = found.sort((a, b) => rank(a) - rank(b) || a.order - b.order).slice(0, max);
  const out: EmojiSuggestion[] = [];
  for (const e of ranked) {
    const emoji = await withSkinTone(e);
    const shortcode = (e.shortcodes ?? []).find((s) => s.startsWith(q)) ?? e.shortcodes?.[0] ?? e.annotation;
    if (emoji) out.push({ emoji, shortcode });
  }
  return out;
}

/** The emoji of an exact shortcode (`:+1:` typed out), or null. */
export async function emojiForShortcode(shortcode: string): Promise<string | null> {
  const e = await database().getEmojiByShortcode(shortcode.toLowerCase());
  return e && native(e) ? withSkinTone(e) : null;
}

/** Counts a use, so the picker's "frequently used" row has it first. */
export function recordUse(emoji: string): void {
  void database()
    .incrementFavoriteEmojiCount(emoji)
    .catch(() => undefined);
}

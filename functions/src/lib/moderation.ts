import {
  DEFAULT_MAX_LINKS,
  DEFAULT_MAX_MENTIONS,
  DEFAULT_REPORT_THRESHOLD,
  moderationTerms,
  type BlockSeverity,
  type ModerationConfig,
} from '@chat/shared';
import type { Firestore } from 'firebase-admin/firestore';
import { builtInHits } from './blocklist.js';
import { compileTerm, countLinks, countMentions, findTerms, maskSpans, type CompiledTerm, type Hit } from './normalize.js';
import { getAll, refs, type ModerationConfigData } from './typed.js';

/** Used where neither config/moderation nor the room's config says otherwise. */
export const DEFAULT_MODERATION: ModerationConfig = {
  terms: {},
  reportThreshold: DEFAULT_REPORT_THRESHOLD,
  maxLinks: DEFAULT_MAX_LINKS,
  maxMentions: DEFAULT_MAX_MENTIONS,
};

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

/**
 * The room's config adds terms to the global ones (a room's setting for a term wins); for the
 * numbers the room's value wins (a room may be stricter or looser than the app default).
 */
export function mergeConfigs(global: ModerationConfigData | undefined, room: ModerationConfigData | undefined): ModerationConfig {
  const pick = (key: 'reportThreshold' | 'maxLinks' | 'maxMentions') =>
    positiveInt(room?.[key]) ?? positiveInt(global?.[key]) ?? DEFAULT_MODERATION[key];
  return {
    terms: { ...moderationTerms(global?.terms), ...moderationTerms(room?.terms) },
    reportThreshold: Math.max(1, pick('reportThreshold')),
    maxLinks: pick('maxLinks'),
    maxMentions: pick('maxMentions'),
  };
}

/** The config's own terms, compiled, and its allowances for the shipped list. */
function compiled(config: ModerationConfig): { terms: CompiledTerm<BlockSeverity>[]; allow: string[] } {
  const terms: CompiledTerm<BlockSeverity>[] = [];
  const allow: string[] = [];
  for (const [term, setting] of Object.entries(config.terms)) {
    if (setting === 'allow') {
      allow.push(term);
      continue;
    }
    const c = compileTerm<BlockSeverity>(term, setting);
    if (c) terms.push(c);
  }
  return { terms, allow };
}

/** Every blocked span of `text`: the config's terms and the shipped list (less its allowances). */
export function blockedSpans(text: string, config: ModerationConfig): Hit<BlockSeverity>[] {
  const { terms, allow } = compiled(config);
  return [...findTerms(text, terms), ...builtInHits(text, allow)];
}

/** The app-wide config alone, for what belongs to no room (a person's name). */
export async function loadGlobalConfig(store: Firestore): Promise<ModerationConfig> {
  const global = await refs.globalModeration(store).get();
  return mergeConfigs(global.data(), undefined);
}

export async function loadModerationConfig(store: Firestore, roomId: string): Promise<ModerationConfig> {
  const [global, room] = await getAll(store, refs.globalModeration(store), refs.roomModeration(store, roomId));
  return mergeConfigs(global.data(), room.data());
}

export interface Verdict {
  action: 'none' | 'mask' | 'hide';
  /** shown on the message: why, without repeating the words */
  reasons: string[];
  /** for moderators: which terms matched */
  details: string[];
  /** the text with masked words, when action is 'mask' */
  text: string;
}

/** What moderation does to a message's text: nothing, mask words, or hide it for review. */
export function judge(text: string, mentions: readonly string[], config: ModerationConfig): Verdict {
  const hits = blockedSpans(text, config);
  const reasons: string[] = [];
  const details: string[] = [];
  let hide = false;
  if (hits.length > 0) {
    reasons.push('blocked-term');
    details.push(...new Set(hits.map((h) => `term:${h.term}`)));
    hide = hits.some((h) => h.severity === 'hide');
  }
  if (countLinks(text) > config.maxLinks) {
    reasons.push('link-flood');
    hide = true;
  }
  if (countMentions(text, mentions) > config.maxMentions) {
    reasons.push('mass-mention');
    hide = true;
  }
  if (reasons.length === 0) return { action: 'none', reasons, details, text };
  if (hide) return { action: 'hide', reasons, details: [...reasons, ...details], text };
  return { action: 'mask', reasons, details: [...reasons, ...details], text: maskSpans(text, hits) };
}

/**
 * Search words of a masked message, without the masked ones (they must not be findable), nor
 * their starts (the index holds each word's prefixes, shared indexWords).
 */
export function cleanWords(words: unknown, config: ModerationConfig): string[] {
  if (!Array.isArray(words)) return [];
  const strings = words.filter((w): w is string => typeof w === 'string');
  const open = { ...config, maxLinks: Infinity, maxMentions: Infinity };
  const masked = strings.filter((w) => judge(w, [], open).action !== 'none');
  return strings.filter((w) => !masked.some((m) => m.startsWith(w)));
}

/**
 * A name or title as others may see it: any blocked span becomes asterisks, whatever its
 * severity (a name cannot be hidden for review; it is shown masked). Returns the name unchanged
 * when nothing matched.
 */
export function screenName(name: string, config: ModerationConfig): string {
  const hits = blockedSpans(name, config);
  return hits.length === 0 ? name : maskSpans(name, hits);
}

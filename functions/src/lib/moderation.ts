import type { BlockSeverity, ModerationConfig } from '@chat/shared';
import type { Firestore } from 'firebase-admin/firestore';
import { compileTerm, countLinks, countMentions, findTerms, maskSpans, type CompiledTerm } from './normalize.js';

/** Used where neither config/moderation nor the room's config says otherwise. */
export const DEFAULT_MODERATION: ModerationConfig = {
  terms: [],
  reportThreshold: 3,
  maxLinks: 5,
  maxMentions: 10,
};

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

function termsOf(value: unknown): ModerationConfig['terms'] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((t: unknown) => {
    if (!t || typeof t !== 'object') return [];
    const { term, severity } = t as Record<string, unknown>;
    if (typeof term !== 'string' || term.trim() === '') return [];
    return [{ term, severity: severity === 'hide' ? 'hide' : 'mask' }];
  });
}

/**
 * The room's config adds terms to the global ones; for the numbers the room's value wins
 * (a room may be stricter or looser than the app default).
 */
export function mergeConfigs(global: Record<string, unknown> | undefined, room: Record<string, unknown> | undefined): ModerationConfig {
  const pick = (key: 'reportThreshold' | 'maxLinks' | 'maxMentions') =>
    positiveInt(room?.[key]) ?? positiveInt(global?.[key]) ?? DEFAULT_MODERATION[key];
  return {
    terms: [...termsOf(global?.terms), ...termsOf(room?.terms)],
    reportThreshold: Math.max(1, pick('reportThreshold')),
    maxLinks: pick('maxLinks'),
    maxMentions: pick('maxMentions'),
  };
}

export async function loadModerationConfig(store: Firestore, roomId: string): Promise<ModerationConfig> {
  const [global, room] = await store.getAll(
    store.doc('config/moderation'),
    store.doc(`rooms/${roomId}/config/moderation`),
  );
  return mergeConfigs(global?.data(), room?.data());
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
  const compiled = config.terms
    .map((t) => compileTerm<BlockSeverity>(t.term, t.severity))
    .filter((t): t is CompiledTerm<BlockSeverity> => t !== null);
  const hits = findTerms(text, compiled);
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

/** Search words of a masked message, without the masked ones (they must not be findable). */
export function cleanWords(words: unknown, config: ModerationConfig): string[] {
  if (!Array.isArray(words)) return [];
  return words.filter((w): w is string => typeof w === 'string' && judge(w, [], { ...config, maxLinks: Infinity, maxMentions: Infinity }).action === 'none');
}

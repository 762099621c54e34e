import type { TermSetting } from './model.js';

const SETTINGS: readonly TermSetting[] = ['mask', 'hide', 'allow'];

/**
 * A moderation config's terms as stored: {term: setting}. Documents written before terms became
 * a map held a list of {term, severity}, which is read the same way; an unknown setting masks.
 * The functions judge by it and the blocklist editor shows and rewrites it.
 */
export function moderationTerms(value: unknown): Record<string, TermSetting> {
  const out: Record<string, TermSetting> = {};
  const add = (term: unknown, setting: unknown) => {
    if (typeof term !== 'string' || term.trim() === '') return;
    out[term] = SETTINGS.includes(setting as TermSetting) ? (setting as TermSetting) : 'mask';
  };
  if (Array.isArray(value)) {
    for (const t of value)
      if (t && typeof t === 'object') add((t as Record<string, unknown>).term, (t as Record<string, unknown>).severity);
  } else if (value && typeof value === 'object') {
    for (const [term, setting] of Object.entries(value as Record<string, unknown>)) add(term, setting);
  }
  return out;
}

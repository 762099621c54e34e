import {
  DEFAULT_MAX_LINKS,
  DEFAULT_MAX_MENTIONS,
  DEFAULT_REPORT_THRESHOLD,
  MAX_BLOCKLIST_TERM,
  MAX_BLOCKLIST_TERMS,
  moderationTerms,
  type ModerationConfig,
  type TermSetting,
} from '@chat/shared';
import {
  deleteField,
  doc,
  FieldPath,
  getDocFromCache,
  runTransaction,
  updateDoc,
  type Firestore,
} from 'firebase/firestore';
import { converter } from './converters';
import { t } from '../i18n';
import { UserError } from '../lib/errors';
import { docSubscription } from './listen';

const configConverter = converter<ModerationConfig>();

/** A room's moderation config (its owner and admins read and write it), or the app's (app admins). */
export const moderationConfigRef = (db: Firestore, roomId: string | null) =>
  (roomId ? doc(db, 'rooms', roomId, 'config', 'moderation') : doc(db, 'config', 'moderation')).withConverter(
    configConverter,
  );

/** The terms of a blocklist as they are stored now; {} while it has none (no config yet). */
export const subscribeBlocklist = docSubscription(
  (db, roomId: string | null) => moderationConfigRef(db, roomId),
  (config) => moderationTerms(config?.terms),
);

/** Why `term` cannot be a blocklist term, or null (the rules' check, said in words). */
export function termProblem(term: string): string | null {
  if (term.length === 0) return t('mod.termEmpty');
  if (term.length > MAX_BLOCKLIST_TERM) return t('mod.termTooLong', { max: MAX_BLOCKLIST_TERM });
  if (/[\n\r]/u.test(term)) return t('mod.termOneLine');
  if (term === '*') return t('mod.termStarOnly');
  return null;
}

/**
 * Sets one term (null removes it). The functions read the config for every message, so the change
 * is in force for the next one.
 *
 * The usual change is one field of an existing list: an update of that term alone, so two
 * moderators editing at once keep each other's terms, and the editor shows it at once (a plain
 * write is applied to the local view before the server answers; a transaction is not, and its
 * result showed only when the listener delivered it). Otherwise (no list yet, a full one, one from
 * before terms were a map) a transaction does what the case needs.
 */
export async function setBlockedTerm(
  db: Firestore,
  roomId: string | null,
  term: string,
  setting: TermSetting | null,
): Promise<void> {
  const ref = moderationConfigRef(db, roomId);
  // the editor's listener keeps the list in the cache; a map there is a map on the server (the
  // rules never let terms become an array again), and only into a map can one term be written
  const cached = await getDocFromCache(ref).catch(() => null);
  if (cached?.exists() && !Array.isArray(cached.data().terms)) {
    try {
      await updateDoc(ref, new FieldPath('terms', term), setting ?? deleteField());
      return;
    } catch (error) {
      // refused (a full list) or gone: the transaction says which in words or does what is right
      const code = (error as { code?: unknown }).code;
      if (code !== 'permission-denied' && code !== 'not-found') throw error;
    }
  }
  await setInTransaction(db, ref, term, setting);
}

/** The rare cases of setBlockedTerm: creates the list with the default numbers (the rules want the whole document), or says it is full, or rewrites an array of terms as a map. */
async function setInTransaction(
  db: Firestore,
  ref: ReturnType<typeof moderationConfigRef>,
  term: string,
  setting: TermSetting | null,
): Promise<void> {
  await runTransaction(db, async (tx) => {
    const current = await tx.get(ref);
    if (!current.exists()) {
      if (setting === null) return;
      tx.set(ref, {
        id: ref.id,
        terms: { [term]: setting },
        reportThreshold: DEFAULT_REPORT_THRESHOLD,
        maxLinks: DEFAULT_MAX_LINKS,
        maxMentions: DEFAULT_MAX_MENTIONS,
      });
      return;
    }
    const terms = moderationTerms(current.data().terms);
    if (setting !== null && !(term in terms) && Object.keys(terms).length >= MAX_BLOCKLIST_TERMS) {
      throw new UserError(t('mod.blocklistFull', { max: MAX_BLOCKLIST_TERMS }));
    }
    // a config from before terms became a map is rewritten whole, as a map
    if (Array.isArray(current.data().terms)) {
      const next = { ...terms };
      if (setting === null) delete next[term];
      else next[term] = setting;
      tx.update(ref, { terms: next });
      return;
    }
    tx.update(ref, new FieldPath('terms', term), setting ?? deleteField());
  });
}

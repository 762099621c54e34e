/**
 * What a reply shows of the message it quotes. A reply stores only the quoted message's id, so
 * the quote is always that message as it is now: its author's name and words, or that it was
 * deleted or hidden, never words the replier put in someone's mouth.
 */
import { t } from '../i18n';
import { awaitingScreening } from './screening';

export interface Quoted {
  authorId: string;
  authorName: string;
  kind: string;
  text: string;
  deleted?: boolean;
  hidden?: boolean;
  screened?: boolean;
  attachment?: { name: string } | null;
}

export type Quote =
  | { state: 'shown'; authorName: string; excerpt: string }
  | { state: 'deleted' | 'hidden' | 'checking' | 'missing' | 'loading' };

export const QUOTE_EXCERPT = 100;

/** `myUid`: whose screen it is (someone else's message held until screened is not quoted yet). */
export function quoteOf(message: Quoted | null | undefined, myUid: string | null = null): Quote {
  if (message === undefined) return { state: 'loading' };
  if (message === null) return { state: 'missing' };
  if (message.deleted) return { state: 'deleted' };
  if (message.hidden) return { state: 'hidden' };
  if (awaitingScreening(message, myUid)) return { state: 'checking' };
  const words = message.text || (message.attachment ? message.attachment.name : '');
  const excerpt = [...words].length > QUOTE_EXCERPT ? `${[...words].slice(0, QUOTE_EXCERPT).join('')}…` : words;
  return { state: 'shown', authorName: message.authorName, excerpt };
}

/** The quote in words, for the button's accessible name and the screen. */
export function quoteText(quote: Quote): { who: string; what: string } {
  switch (quote.state) {
    case 'shown':
      return { who: quote.authorName, what: quote.excerpt };
    case 'deleted':
      return { who: '', what: t('lib.quoteDeleted') };
    case 'hidden':
      return { who: '', what: t('lib.quoteHidden') };
    case 'checking':
      return { who: '', what: t('lib.quoteChecking') };
    case 'missing':
      return { who: '', what: t('lib.quoteMissing') };
    default:
      return { who: '', what: t('lib.quoteLoading') };
  }
}

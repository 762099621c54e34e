import { TYPING_VISIBLE_MS, TYPING_WRITE_INTERVAL_MS } from '@chat/shared';
import { t } from '../i18n';

export interface Typist {
  uid: string;
  displayName: string;
  /** milliseconds since the epoch of their last typing write */
  at: number;
}

/** Who is typing now: recent writes by someone else, in a stable order. */
export function activeTypists(typists: readonly Typist[], myUid: string | null, now: number): Typist[] {
  return typists
    .filter((t) => t.uid !== myUid && now - t.at < TYPING_VISIBLE_MS && t.at - now < TYPING_VISIBLE_MS)
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** "Ana is typing", "Ana and Ben are typing", "3 people are typing", or '' for nobody. */
export function typingLabel(names: readonly string[]): string {
  if (names.length === 0) return '';
  const [a = '', b = ''] = names;
  if (names.length === 1) return t('lib.typing1', { a });
  if (names.length === 2) return t('lib.typing2', { a, b });
  return t('lib.typingMany', { count: names.length });
}

/**
 * Decides when a keystroke costs a write: at most one per TYPING_WRITE_INTERVAL_MS per
 * typist. `stopped()` forgets the last write, so typing again after a send or blur shows at once.
 */
export class TypingThrottle {
  private lastWrite = Number.NEGATIVE_INFINITY;

  constructor(private readonly interval = TYPING_WRITE_INTERVAL_MS) {}

  shouldWrite(now: number): boolean {
    if (now - this.lastWrite < this.interval) return false;
    this.lastWrite = now;
    return true;
  }

  get active(): boolean {
    return this.lastWrite !== Number.NEGATIVE_INFINITY;
  }

  stopped(): void {
    this.lastWrite = Number.NEGATIVE_INFINITY;
  }
}

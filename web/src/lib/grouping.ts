import { dateFormat } from './dateFormat';

/**
 * Turns a room's messages (oldest first) into what the list renders: day separators, the
 * unread marker, and messages grouped by author, where only the first of a group shows the
 * author's name. A group breaks on a new author, a new day, the unread marker, or a pause
 * longer than GROUP_GAP_MS.
 */
export const GROUP_GAP_MS = 5 * 60_000;

export interface Groupable {
  id: string;
  authorId: string;
  /** milliseconds since the epoch */
  at: number;
  /** system messages never join a group */
  kind?: string;
}

export type ListItem<T extends Groupable> =
  | { type: 'day'; key: string; label: string }
  | { type: 'unread'; key: string }
  /** sameMinute: in a group, and written in the same minute as the message before it (its time says nothing new) */
  | { type: 'message'; key: string; message: T; groupStart: boolean; sameMinute: boolean };

function dayKey(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** "Today", "Yesterday", or the date in the reader's locale, relative to `now`. */
export function dayLabel(at: number, now: number, locale?: string): string {
  const key = dayKey(at);
  if (key === dayKey(now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (key === dayKey(yesterday.getTime())) return 'Yesterday';
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return dateFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(new Date(at));
}

export function groupMessages<T extends Groupable>(
  messages: readonly T[],
  options: { now: number; firstUnreadId?: string | null; locale?: string },
): ListItem<T>[] {
  const items: ListItem<T>[] = [];
  let previous: T | null = null;
  for (const message of messages) {
    let groupStart = previous === null;
    if (previous === null || dayKey(previous.at) !== dayKey(message.at)) {
      items.push({ type: 'day', key: `day-${dayKey(message.at)}`, label: dayLabel(message.at, options.now, options.locale) });
      groupStart = true;
    }
    if (message.id === options.firstUnreadId) {
      items.push({ type: 'unread', key: 'unread-marker' });
      groupStart = true;
    }
    if (
      previous &&
      (previous.authorId !== message.authorId ||
        message.at - previous.at > GROUP_GAP_MS ||
        message.kind === 'system' ||
        previous.kind === 'system')
    ) {
      groupStart = true;
    }
    const sameMinute = !groupStart && !!previous && Math.floor(previous.at / 60_000) === Math.floor(message.at / 60_000);
    items.push({ type: 'message', key: message.id, message, groupStart, sameMinute });
    previous = message;
  }
  return items;
}

/**
 * The first message after the read cursor that someone else wrote, or null when the reader
 * has no cursor for the room (nothing to compare with) or has read everything.
 */
export function firstUnreadId<T extends Groupable>(
  messages: readonly T[],
  lastReadAt: number | null,
  myUid: string | null,
): string | null {
  if (lastReadAt === null) return null;
  return messages.find((m) => m.at > lastReadAt && m.authorId !== myUid)?.id ?? null;
}

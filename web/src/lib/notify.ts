import type { NotifyLevel, RoomKind } from '@chat/shared';

/** Direct messages notify for everything by default; group rooms only for mentions. */
export function defaultLevel(kind: RoomKind): NotifyLevel {
  return kind === 'direct' ? 'all' : 'mentions';
}

export interface Arrival {
  kind: RoomKind;
  level: NotifyLevel;
  mine: boolean;
  mentionsMe: boolean;
  hidden: boolean;
}

/** A desktop notification only while the tab is hidden, never for your own messages. */
export function shouldNotify(a: Arrival): boolean {
  if (a.mine || !a.hidden || a.level === 'none') return false;
  if (a.level === 'all') return true;
  return a.mentionsMe;
}

/** "(3) Firechat" while the tab is hidden and something is unread. */
export function titleFor(base: string, unread: number, hidden: boolean): string {
  if (!hidden || unread <= 0) return base;
  return `(${unread > 99 ? '99+' : unread}) ${base}`;
}

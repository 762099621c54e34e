/**
 * The sidebar's sections, as Slack has them: Starred first, then rooms, then direct messages;
 * above them, direct rooms waiting for my consent (message requests, as Instagram and Messenger
 * keep them apart), whether starred or not. A starred room shows in Starred only. Within a
 * section the given order (newest activity) stays.
 */
import { t } from '../i18n';

export type SectionKey = 'requests' | 'starred' | 'rooms' | 'direct';

export const SECTION_KEYS: readonly SectionKey[] = ['requests', 'starred', 'rooms', 'direct'];

export interface Section<E> {
  key: SectionKey;
  title: string;
  entries: E[];
}

export function sidebarSections<E extends { room: { id: string; kind: string }; request?: string | null }>(
  entries: readonly E[],
  starred: ReadonlySet<string>,
): Section<E>[] {
  const sections: Section<E>[] = [
    { key: 'requests', title: t('lib.sectionRequests'), entries: [] },
    { key: 'starred', title: t('lib.sectionStarred'), entries: [] },
    { key: 'rooms', title: t('lib.sectionRooms'), entries: [] },
    { key: 'direct', title: t('lib.sectionDirect'), entries: [] },
  ];
  for (const e of entries) {
    const key: SectionKey =
      e.request === 'incoming'
        ? 'requests'
        : starred.has(e.room.id)
          ? 'starred'
          : e.room.kind === 'direct'
            ? 'direct'
            : 'rooms';
    sections.find((s) => s.key === key)!.entries.push(e);
  }
  return sections.filter((s) => s.entries.length > 0);
}

/** What a collapsed section still shows: rooms with unread messages, and the open one. */
export function shownWhenCollapsed<E extends { room: { id: string }; unread: number }>(
  entries: readonly E[],
  currentId: string | null,
): E[] {
  return entries.filter((e) => e.unread > 0 || e.room.id === currentId);
}

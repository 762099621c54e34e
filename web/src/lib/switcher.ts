import { fuzzyMatch } from './fuzzy';

/**
 * The quick switcher's results: my rooms and direct conversations by fuzzy name, and people
 * (found by the server by name prefix) I have no direct conversation with yet. With no query,
 * the most recent conversations, as Slack shows them.
 */
export interface SwitchTarget {
  kind: 'room' | 'direct' | 'person';
  /** room id, or the person's uid */
  id: string;
  title: string;
  unread: number;
  /** matched characters of the title, as [...title] positions */
  indices: number[];
}

export interface RoomCandidate {
  room: { id: string; kind: string };
  title: string;
  unread: number;
  otherUid: string | null;
}

const KIND_ORDER: Record<SwitchTarget['kind'], number> = { direct: 0, room: 1, person: 2 };

export function switcherResults(
  query: string,
  entries: readonly RoomCandidate[],
  people: readonly { id: string; displayName: string }[],
  myUid: string | null,
  max = 10,
): SwitchTarget[] {
  const rooms: SwitchTarget[] = entries.map((e) => ({
    kind: e.room.kind === 'direct' ? 'direct' : 'room',
    id: e.room.id,
    title: e.title,
    unread: e.unread,
    indices: [],
  }));
  if (!query.trim()) return rooms.slice(0, max);
  const inDirect = new Set(entries.map((e) => e.otherUid).filter(Boolean));
  const candidates = [
    ...rooms,
    ...people
      .filter((p) => p.id !== myUid && !inDirect.has(p.id))
      .map((p): SwitchTarget => ({ kind: 'person', id: p.id, title: p.displayName, unread: 0, indices: [] })),
  ];
  const scored: { t: SwitchTarget; score: number; order: number }[] = [];
  candidates.forEach((t, order) => {
    const match = fuzzyMatch(query, t.title);
    if (match) scored.push({ t: { ...t, indices: match.indices }, score: match.score, order });
  });
  scored.sort((a, b) => b.score - a.score || KIND_ORDER[a.t.kind] - KIND_ORDER[b.t.kind] || a.order - b.order);
  return scored.slice(0, max).map((s) => s.t);
}

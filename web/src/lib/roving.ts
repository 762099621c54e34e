/**
 * Roving focus over a list of items (the message history): one item is the list's only Tab
 * stop, and keys move between items. Ids are in list order, oldest first.
 */

/** How many items Page Up and Page Down skip. */
export const PAGE_STEP = 5;

/** The item that takes the Tab stop: the one chosen last while it is still listed, else the newest. */
export function activeItem(ids: readonly string[], chosen: string | null): string | null {
  if (chosen !== null && ids.includes(chosen)) return chosen;
  return ids.at(-1) ?? null;
}

/**
 * Where `key` moves the focus from the item `from`: Arrow Up/Down by one, Page Up/Down by a
 * page, Home/End to the ends, stopping at the ends. Null for other keys or an empty list.
 */
export function rovingTarget(key: string, ids: readonly string[], from: string | null, page = PAGE_STEP): string | null {
  if (ids.length === 0) return null;
  const last = ids.length - 1;
  const at = from === null ? -1 : ids.indexOf(from);
  const here = at < 0 ? last : at;
  const moves: Record<string, number> = {
    ArrowUp: here - 1,
    ArrowDown: here + 1,
    PageUp: here - page,
    PageDown: here + page,
    Home: 0,
    End: last,
  };
  const to = moves[key];
  if (to === undefined) return null;
  return ids[Math.min(last, Math.max(0, to))]!;
}

/**
 * The keys of a suggestion list worked from a text box that keeps the focus (mentions, emoji):
 * Up/Down move the active option (wrapping), Enter or Tab pick it, Escape dismisses the list.
 */
export type ListboxAction = { move: number } | 'pick' | 'dismiss' | null;

export function listboxAction(key: string, active: number, count: number): ListboxAction {
  if (count === 0) return null;
  if (key === 'ArrowDown' || key === 'ArrowUp') return { move: (active + (key === 'ArrowDown' ? 1 : count - 1)) % count };
  if (key === 'Enter' || key === 'Tab') return 'pick';
  if (key === 'Escape') return 'dismiss';
  return null;
}

/**
 * A key pressed while a suggestion list shows, worked on the list: moves `active` (a ref),
 * picks the active option or dismisses the list. True when the key was the list's; its default
 * is then prevented, so the text box does not also act on it.
 */
export function handleListboxKey<T>(
  event: KeyboardEvent,
  options: readonly T[],
  active: { value: number },
  { pick, dismiss }: { pick: (option: T) => void; dismiss: () => void },
): boolean {
  const action = listboxAction(event.key, active.value, options.length);
  if (!action) return false;
  if (action === 'pick') {
    const chosen = options[active.value];
    if (chosen) pick(chosen);
  } else if (action === 'dismiss') dismiss();
  else active.value = action.move;
  event.preventDefault();
  return true;
}

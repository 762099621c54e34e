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

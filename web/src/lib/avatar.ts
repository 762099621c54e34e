/** Avatars drawn from initials, with a colour that stays the same for a uid everywhere. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const firstChar = (word: string | undefined) => (word ? (Array.from(word)[0] ?? '') : '');
  const first = firstChar(words[0]);
  const last = words.length > 1 ? firstChar(words[words.length - 1]) : '';
  return (first + last).toUpperCase();
}

/** A hue from a stable string hash (FNV-1a) of the uid. */
export function avatarHue(uid: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < uid.length; i++) {
    hash ^= uid.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 360;
}

/** Background dark enough for white text at 4.5:1 in both themes. */
export function avatarColor(uid: string): string {
  return `hsl(${avatarHue(uid)} 55% 28%)`;
}

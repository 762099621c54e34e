/** Bounds for a Firestore prefix query on a lower-cased field, or null for an empty term. */
export function prefixRange(term: string): [string, string] | null {
  const lower = term.trim().toLowerCase();
  if (!lower) return null;
  return [lower, `${lower}\uf8ff`];
}

const CODE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** An invite code that cannot be guessed: 16 characters from a 32-letter alphabet (80 bits). */
export function newInviteCode(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const bytes = random(16);
  let code = '';
  for (const b of bytes) code += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return code;
}

export function inviteLink(origin: string, roomId: string, code: string): string {
  return `${origin}/invite/${encodeURIComponent(roomId)}/${encodeURIComponent(code)}`;
}

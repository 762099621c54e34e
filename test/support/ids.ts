import { builtInHits } from '../../functions/src/lib/blocklist';

/**
 * A short unique suffix so each test's documents and users are its own. Never one the shipped
 * blocklist masks: random letters and digits spell one of its words (leet included: "a55t",
 * "fkbb", "5e3x", "pnis") in about one 4-character name in 900, and a profile, message or room
 * name the server masks is a test failing for nothing (a join refused because the member name no
 * longer matches the masked profile, a text that never appears as sent). The id is checked
 * whole and by the tails of 4, 5 and 6 characters that tests take as short names (a seeded room
 * is named by the tail of 5 of its id: "club-fkjqw" was masked, and its test never found it).
 */
export function uniqueId(prefix = 't'): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    // The time keeps one run's ids apart from the last run's, but its digits can spell a word
    // too, and go on spelling it for a second or more ("mxdick…" on 2026-12-07): after a few
    // misses the id is all random letters and digits instead.
    const time = attempt < 5 ? Date.now().toString(36) : Math.random().toString(36).slice(2, 10);
    const id = `${prefix}${time}${Math.random().toString(36).slice(2, 8)}`;
    if ([id, id.slice(-4), id.slice(-5), id.slice(-6)].every((text) => builtInHits(text).length === 0)) return id;
  }
  throw new Error(`uniqueId: the shipped blocklist masks every id made from the prefix "${prefix}"`);
}

import { describe, expect, it } from 'vitest';
import { hiddenCharacters, validateDisplayName } from '../../web/src/lib/validation';

describe('names and titles the rules accept', () => {
  it('refuses, in words, a name with a direction override, an invisible space or a control character', () => {
    for (const name of ['Ana\u202E', 'A\u200Bna', 'Ana\u0007', 'A\u2028na']) {
      expect(validateDisplayName(name)).toMatch(/cannot contain invisible, control or text-direction/);
    }
  });

  it('accepts ordinary names in any script, with accents and emoji', () => {
    for (const name of ['Ana', 'Chloé Dupont', 'محمد', '李雷', 'Ana 🌱']) expect(validateDisplayName(name)).toBeNull();
    expect(hiddenCharacters('A topic', 'Green things, and more')).toBeNull();
  });
});

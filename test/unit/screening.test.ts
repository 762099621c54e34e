import { describe, expect, it } from 'vitest';
import { awaitingScreening } from '../../web/src/lib/screening';

describe('a message held until screened', () => {
  const held = { authorId: 'ben', kind: 'text', screened: false };

  it('is collapsed for everyone but its author until the screening releases it', () => {
    expect(awaitingScreening(held, 'ana')).toBe(true);
    expect(awaitingScreening(held, null)).toBe(true);
    expect(awaitingScreening(held, 'ben')).toBe(false);
    expect(awaitingScreening({ ...held, screened: true }, 'ana')).toBe(false);
  });

  it('leaves alone what is not held: history without the flag, notices, a message deleted before it was screened', () => {
    expect(awaitingScreening({ authorId: 'ben', kind: 'text' }, 'ana')).toBe(false);
    expect(awaitingScreening({ ...held, kind: 'system' }, 'ana')).toBe(false);
    expect(awaitingScreening({ ...held, deleted: true }, 'ana')).toBe(false);
  });
});

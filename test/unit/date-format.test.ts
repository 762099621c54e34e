import { describe, expect, it } from 'vitest';
import { CLOCK, dateFormat } from '../../web/src/lib/dateFormat';
import { formatClock, formatListTime } from '../../web/src/lib/time';

describe('dateFormat (web/src/lib/dateFormat.ts)', () => {
  const at = new Date(2026, 11, 7, 14, 5);

  it('makes each format once per language and options, and keeps them apart', () => {
    expect(dateFormat('en', CLOCK)).toBe(dateFormat('en', { ...CLOCK }));
    expect(dateFormat('de', CLOCK)).not.toBe(dateFormat('en', CLOCK));
    expect(dateFormat('en', { weekday: 'short' })).not.toBe(dateFormat('en', CLOCK));
  });

  it('formats as Date’s own toLocale…String did', () => {
    for (const language of ['en', 'de', 'en-GB']) {
      expect(formatClock(at, language)).toBe(at.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' }));
      const now = new Date(2026, 11, 9, 9, 0);
      expect(formatListTime(at, now, language)).toBe(at.toLocaleDateString(language, { weekday: 'short' }));
      const later = new Date(2027, 0, 20);
      expect(formatListTime(at, later, language)).toBe(
        at.toLocaleDateString(language, { day: 'numeric', month: 'short' }),
      );
    }
  });
});

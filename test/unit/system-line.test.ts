import { afterEach, describe, expect, it } from 'vitest';
import { systemText, type SystemNotice } from '../../functions/src/lib/systemEvents';
import { setLocale } from '../../web/src/i18n';
import { systemLine } from '../../web/src/lib/systemLine';

/** One notice of every kind the server posts, as it stores them. */
const notices: SystemNotice[] = [
  systemText.joined('Ana'),
  systemText.left('Ana'),
  systemText.banned('Ana'),
  systemText.unmuted('Ana'),
  systemText.renamed('Launch'),
  systemText.topic('Friday release'),
  systemText.topic(''),
  systemText.muted('Ana', 5 * 60_000),
  systemText.muted('Ana', 3_600_000),
  systemText.limited('Ana', 60_000, 'too-many'),
  systemText.limited('Ana', 10 * 60_000, 'repeated'),
];

describe('system messages in the reader’s language', () => {
  afterEach(() => setLocale('en'));

  it('says in English exactly what the server stores as the text', () => {
    for (const notice of notices) expect(systemLine(notice)).toBe(notice.text);
  });

  it('says each in German from its event, not its English text', async () => {
    await setLocale('de');
    expect(systemLine(systemText.joined('Ana'))).toBe('Ana ist dem Raum beigetreten');
    expect(systemLine(systemText.muted('Ana', 3_600_000))).toBe('Ana wurde für 1 Stunde stummgeschaltet');
    expect(systemLine(systemText.limited('Ana', 60_000, 'too-many'))).toBe(
      'Ana ist für 1 Minute stummgeschaltet: zu viele Nachrichten in einer Minute.',
    );
    for (const notice of notices) expect(systemLine(notice)).not.toBe(notice.text);
  });

  it('shows a message from before events as its stored text', async () => {
    await setLocale('de');
    expect(systemLine({ text: 'Ben joined the room' })).toBe('Ben joined the room');
  });
});

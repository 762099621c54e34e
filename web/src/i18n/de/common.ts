import type { Message } from '..';
import type { common as en } from '../en/common';

export const common: Record<keyof typeof en, Message> = {
  'time.justNow': 'gerade eben',
  'presence.online': 'Online',
  'presence.away': 'Abwesend',
  'presence.offline': 'Offline',
  'presence.lastSeen': 'Zuletzt gesehen {ago}',
  'language.label': 'Sprache',
  'language.browser': 'Wie der Browser ({name})',
  'account.heading': 'Dein Konto',
  'account.downloaded': { one: '{count} Nachricht heruntergeladen.', other: '{count} Nachrichten heruntergeladen.' },
  'account.downloadFailed': 'Deine Daten konnten nicht vorbereitet werden. Versuche es noch einmal.',
  'account.deleteFailed': 'Dein Konto konnte nicht gelöscht werden. Nichts wurde geändert; versuche es noch einmal.',
  'account.preparing': 'Wird vorbereitet…',
  'account.download': 'Deine Daten herunterladen',
  'account.delete': 'Konto löschen…',
  'account.deleteForm': 'Dein Konto löschen',
  'account.deleteWarning':
    'Das Löschen deines Kontos kann nicht rückgängig gemacht werden. Dein Profil, deine Raummitgliedschaften, deine Einstellungen und die Personen, die du blockierst, werden entfernt, und du wirst überall abgemeldet. Räume, die dir gehören, gehen an ihren dienstältesten Admin über, sonst an das dienstälteste Mitglied.',
  'account.deleteMessages':
    'Die Nachrichten, die du geschrieben hast, bleiben für ihre Empfänger erhalten und erscheinen als von „{deletedName}“. Lade vorher deine Daten herunter, wenn du eine Kopie möchtest.',
  'account.typeToConfirm': 'Gib {word} ein, um zu bestätigen',
  'account.deleting': 'Wird gelöscht…',
  'account.deleteConfirm': 'Mein Konto löschen',
  'common.cancel': 'Abbrechen',
};

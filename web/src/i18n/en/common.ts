/** Words shared across the UI: times, presence, the language setting, the account section. */
export const common = {
  'time.justNow': 'just now',
  'presence.online': 'Online',
  'presence.away': 'Away',
  'presence.offline': 'Offline',
  'presence.lastSeen': 'Last seen {ago}',
  'language.label': 'Language',
  'language.browser': 'Browser default ({name})',
  'account.heading': 'Your account',
  'account.downloaded': { one: 'Downloaded {count} message.', other: 'Downloaded {count} messages.' },
  'account.downloadFailed': 'Your data could not be prepared. Try again.',
  'account.deleteFailed': 'Your account could not be deleted. Nothing was changed; try again.',
  'account.preparing': 'Preparing…',
  'account.download': 'Download your data',
  'account.delete': 'Delete account…',
  'account.deleteForm': 'Delete your account',
  'account.deleteWarning':
    'Deleting your account cannot be undone. Your profile, your room memberships, your settings and the people you block go, and you are signed out everywhere. Rooms you own pass to their longest-standing admin, or else member.',
  'account.deleteMessages':
    'The messages you wrote stay for the people you wrote to, shown as from “{deletedName}”. Download your data first if you want a copy.',
  'account.typeToConfirm': 'Type {word} to confirm',
  'account.deleting': 'Deleting…',
  'account.deleteConfirm': 'Delete my account',
  'common.cancel': 'Cancel',
} as const;

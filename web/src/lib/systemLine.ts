import type { SystemEvent } from '@chat/shared';
import { t } from '../i18n';

/** "5 minutes", "2 hours", "1 day": a mute's length, in the UI's language. */
export function durationWords(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return t('system.minutes', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('system.hours', { count: hours });
  return t('system.days', { count: Math.round(hours / 24) });
}

/**
 * What a system message says, in the reader's language: from its event when it has one (the
 * server stores what happened beside its English words), else its stored text as written.
 */
export function systemLine(m: { text: string; event?: SystemEvent }): string {
  const e = m.event;
  if (!e) return m.text;
  switch (e.type) {
    case 'joined':
      return t('system.joined', { name: e.name });
    case 'left':
      return t('system.left', { name: e.name });
    case 'banned':
      return t('system.banned', { name: e.name });
    case 'unmuted':
      return t('system.unmuted', { name: e.name });
    case 'renamed':
      return t('system.renamed', { name: e.name });
    case 'topic':
      return e.topic ? t('system.topic', { topic: e.topic }) : t('system.topicCleared');
    case 'muted':
      return t('system.muted', { name: e.name, duration: durationWords(e.ms) });
    case 'limited':
      return t(e.reason === 'too-many' ? 'system.limitedTooMany' : 'system.limitedRepeated', {
        name: e.name,
        duration: durationWords(e.ms),
      });
    default:
      // an event of a newer server: its English words
      return m.text;
  }
}

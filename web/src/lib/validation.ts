import { HIDDEN_CHARACTERS, MAX_DISPLAY_NAME, MAX_MESSAGE_LENGTH } from '@chat/shared';
import { t } from '../i18n';

/** Input checks shown before anything is sent; the rules enforce the same bounds. */
export function validateDisplayName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return t('lib.nameEmpty');
  if (trimmed.length > MAX_DISPLAY_NAME) return t('lib.nameTooLong', { max: MAX_DISPLAY_NAME });
  return hiddenCharacters(t('lib.aDisplayName'), trimmed);
}

/**
 * Names and titles show as written, so no invisible or direction-changing characters (the rules
 * refuse them). `what` names the field in the language in use ("A room name").
 */
export function hiddenCharacters(what: string, value: string): string | null {
  return HIDDEN_CHARACTERS.test(value)
    ? t('lib.hiddenCharacters', { what })
    : null;
}

/** Where a file chosen for a message stands before it can be sent. */
export interface FileReadiness {
  state: 'preparing' | 'ready' | 'failed';
  /** why it cannot be sent, when failed */
  error: string;
}

/**
 * The one check of a message before it is sent or saved, in the words the composer shows (the
 * rules enforce the same bounds): a file must be ready; the text is optional with a file, and at
 * most MAX_MESSAGE_LENGTH characters once trimmed.
 */
export function validateMessage(text: string, file: FileReadiness | null = null): string | null {
  if (file?.state === 'preparing') return t('lib.filePreparing');
  if (file?.state === 'failed') return file.error || t('lib.fileCannotSend');
  const trimmed = text.trim();
  if (trimmed.length === 0 && !file) return t('lib.messageEmpty');
  if (trimmed.length > MAX_MESSAGE_LENGTH) {
    return t('lib.messageTooLong', { max: MAX_MESSAGE_LENGTH, length: trimmed.length });
  }
  return null;
}

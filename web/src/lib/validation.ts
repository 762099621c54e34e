import { HIDDEN_CHARACTERS, MAX_DISPLAY_NAME, MAX_MESSAGE_LENGTH } from '@chat/shared';

/** Input checks shown before anything is sent; the rules enforce the same bounds. */
export function validateDisplayName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'Please enter a display name.';
  if (trimmed.length > MAX_DISPLAY_NAME) return `A display name can have at most ${MAX_DISPLAY_NAME} characters.`;
  return hiddenCharacters('A display name', trimmed);
}

/** Names and titles show as written, so no invisible or direction-changing characters (the rules refuse them). */
export function hiddenCharacters(what: string, value: string): string | null {
  return HIDDEN_CHARACTERS.test(value)
    ? `${what} cannot contain invisible, control or text-direction characters (often pasted by accident).`
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
  if (file?.state === 'preparing') return 'The file is still being prepared.';
  if (file?.state === 'failed') return file.error || 'This file cannot be sent.';
  const trimmed = text.trim();
  if (trimmed.length === 0 && !file) return 'A message cannot be empty.';
  if (trimmed.length > MAX_MESSAGE_LENGTH) {
    return `A message can have at most ${MAX_MESSAGE_LENGTH} characters (this one has ${trimmed.length}).`;
  }
  return null;
}

import { t } from '../i18n';

/** What a screen reader says when the focus reaches a message: who, when, then what it says. */
export interface LabelledMessage {
  authorName: string;
  text: string;
  deleted: boolean;
  hidden?: boolean;
  replyTo: { id: string } | null;
  attachment: { name: string } | null;
  editedAt: unknown;
}

/** `quotedAuthor`: who wrote the message this one replies to, when known. */
export function messageLabel(m: LabelledMessage, time: string, quotedAuthor: string | null = null): string {
  const who = time ? t('lib.labelWhoTime', { name: m.authorName, time }) : m.authorName;
  if (m.deleted) return t('lib.labelDeleted', { who });
  if (m.hidden) return t('lib.labelHidden', { who });
  const parts = [
    m.replyTo ? (quotedAuthor ? t('lib.labelReplyingTo', { name: quotedAuthor }) : t('lib.labelReplying')) : '',
    m.text,
    m.attachment ? t('lib.labelAttachment', { name: m.attachment.name }) : '',
    m.editedAt ? t('lib.labelEdited') : '',
  ];
  return t('lib.labelMessage', { who, parts: parts.filter(Boolean).join(' ') });
}

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
  const who = time ? `${m.authorName}, ${time}` : m.authorName;
  if (m.deleted) return `${who}: Message deleted`;
  if (m.hidden) return `${who}: This message is hidden by the moderators.`;
  const parts = [
    m.replyTo ? (quotedAuthor ? `Replying to ${quotedAuthor}.` : 'Replying to a message.') : '',
    m.text,
    m.attachment ? `Attachment ${m.attachment.name}.` : '',
    m.editedAt ? '(edited)' : '',
  ];
  return `${who}: ${parts.filter(Boolean).join(' ')}`;
}

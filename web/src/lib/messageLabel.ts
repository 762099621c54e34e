/** What a screen reader says when the focus reaches a message: who, when, then what it says. */
export interface LabelledMessage {
  authorName: string;
  text: string;
  deleted: boolean;
  hidden?: boolean;
  replyTo: { authorName: string } | null;
  attachment: { name: string } | null;
  editedAt: unknown;
}

export function messageLabel(m: LabelledMessage, time: string): string {
  const who = time ? `${m.authorName}, ${time}` : m.authorName;
  if (m.deleted) return `${who}: Message deleted`;
  if (m.hidden) return `${who}: This message is hidden by the moderators.`;
  const parts = [
    m.replyTo ? `Replying to ${m.replyTo.authorName}.` : '',
    m.text,
    m.attachment ? `Attachment ${m.attachment.name}.` : '',
    m.editedAt ? '(edited)' : '',
  ];
  return `${who}: ${parts.filter(Boolean).join(' ')}`;
}

import { describe, expect, it } from 'vitest';
import { messageLabel, type LabelledMessage } from '../../web/src/lib/messageLabel';

const message = (over: Partial<LabelledMessage> = {}): LabelledMessage => ({
  authorName: 'Ana',
  text: 'hello there',
  deleted: false,
  replyTo: null,
  attachment: null,
  editedAt: null,
  ...over,
});

describe('message label', () => {
  it('names the author and time, then the text', () => {
    expect(messageLabel(message(), '10:42')).toBe('Ana, 10:42: hello there');
    expect(messageLabel(message(), '')).toBe('Ana: hello there');
  });

  it('mentions a reply, an attachment and an edit', () => {
    const m = message({ replyTo: { id: 'm0' }, attachment: { name: 'plan.pdf' }, editedAt: 1 });
    expect(messageLabel(m, '10:42', 'Ben')).toBe('Ana, 10:42: Replying to Ben. hello there Attachment plan.pdf. (edited)');
    expect(messageLabel(m, '10:42')).toBe('Ana, 10:42: Replying to a message. hello there Attachment plan.pdf. (edited)');
    expect(messageLabel(message({ text: '', attachment: { name: 'cat.png' } }), '9:00')).toBe(
      'Ana, 9:00: Attachment cat.png.',
    );
  });

  it('never reads out a deleted or hidden text', () => {
    expect(messageLabel(message({ deleted: true }), '10:42')).toBe('Ana, 10:42: Message deleted');
    expect(messageLabel(message({ hidden: true }), '10:42')).toBe(
      'Ana, 10:42: This message is hidden by the moderators.',
    );
  });
});

import { nextTick, type Ref } from 'vue';
import { applyMarkup, inOpenFence, markupForKey } from '../lib/markup';

/**
 * The composer's formatting keys on its plain-text box: Ctrl/Cmd+B bold, +I italic,
 * +Shift+X strike, +Shift+C code, +Alt+Shift+C code block (Slack's keys), each wrapping or
 * unwrapping the selection; and, inside an unclosed ``` block, Enter makes a new line.
 */
export function useComposerFormatting(text: Ref<string>, box: Ref<HTMLTextAreaElement | null>) {
  /** Handles a formatting key; false when the key is not one. */
  function onKeydown(event: KeyboardEvent): boolean {
    const markup = markupForKey(event);
    const el = box.value;
    if (!markup || !el) return false;
    event.preventDefault();
    const edit = applyMarkup(text.value, el.selectionStart, el.selectionEnd, markup);
    text.value = edit.text;
    void nextTick(() => el.setSelectionRange(edit.start, edit.end));
    return true;
  }

  const inCodeBlock = () => inOpenFence(text.value, box.value?.selectionStart ?? text.value.length);

  return { onKeydown, inCodeBlock };
}

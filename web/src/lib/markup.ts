/**
 * The composer's formatting shortcuts on plain text (the box stays a textarea): wrap the selection
 * in markup, or take the markup away when it is already there, as Slack's Ctrl/Cmd+B does.
 */
export interface TextEdit {
  text: string;
  /** the selection afterwards */
  start: number;
  end: number;
}

/** The shortcuts, as Slack has them (Ctrl on Windows and Linux, Cmd on a Mac). */
export type Markup = 'bold' | 'italic' | 'strike' | 'code' | 'codeBlock';

const MARKERS: Record<Exclude<Markup, 'codeBlock'>, string> = { bold: '**', italic: '_', strike: '~~', code: '`' };

/** The markup a key press asks for, or null: Mod+B, Mod+I, Mod+Shift+X, Mod+Shift+C, Mod+Alt+Shift+C. */
export function markupForKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }): Markup | null {
  if (!(e.ctrlKey || e.metaKey)) return null;
  const key = e.key.toLowerCase();
  if (!e.shiftKey && !e.altKey) return key === 'b' ? 'bold' : key === 'i' ? 'italic' : null;
  if (e.shiftKey && !e.altKey) return key === 'x' ? 'strike' : key === 'c' ? 'code' : null;
  // Alt changes the key a Mac reports, so the code block is recognised by its physical key too
  return e.shiftKey && (key === 'c' || key === 'ç') ? 'codeBlock' : null;
}

export function applyMarkup(text: string, start: number, end: number, markup: Markup): TextEdit {
  return markup === 'codeBlock' ? toggleFence(text, start, end) : toggleWrap(text, start, end, MARKERS[markup]);
}

/**
 * Wraps text[start, end) in `marker`; when the selection (or the text around it) is already
 * wrapped, unwraps it. With nothing selected it inserts the pair and puts the caret inside.
 * Spaces at the ends of a selection stay outside the markup (`** bold **` would not format).
 */
export function toggleWrap(text: string, start: number, end: number, marker: string): TextEdit {
  const m = marker.length;
  let selected = text.slice(start, end);
  if (selected.length >= 2 * m && selected.startsWith(marker) && selected.endsWith(marker)) {
    const inner = selected.slice(m, -m);
    return { text: text.slice(0, start) + inner + text.slice(end), start, end: start + inner.length };
  }
  if (text.slice(start - m, start) === marker && text.slice(end, end + m) === marker) {
    return { text: text.slice(0, start - m) + selected + text.slice(end + m), start: start - m, end: end - m };
  }
  const lead = selected.length - selected.trimStart().length;
  const trail = selected.length - selected.trimEnd().length;
  if (lead + trail < selected.length) {
    start += lead;
    end -= trail;
    selected = text.slice(start, end);
  }
  return {
    text: text.slice(0, start) + marker + selected + marker + text.slice(end),
    start: start + m,
    end: end + m,
  };
}

/** Puts the lines of the selection in a ``` block (on lines of their own), or takes them out of one. */
export function toggleFence(text: string, start: number, end: number): TextEdit {
  const before = text.slice(0, start);
  const after = text.slice(end);
  const selected = text.slice(start, end);
  const fenced = /^```[^\n]*\n([\s\S]*)\n```$/u.exec(selected);
  if (fenced) {
    const inner = fenced[1] ?? '';
    return { text: before + inner + after, start, end: start + inner.length };
  }
  const open = before === '' || before.endsWith('\n') ? '```\n' : '\n```\n';
  const close = after === '' || after.startsWith('\n') ? '\n```' : '\n```\n';
  const at = before.length + open.length;
  return { text: before + open + selected + close + after, start: at, end: at + selected.length };
}

/** Whether the caret is inside a ``` block that is not closed yet: Enter then makes a new line. */
export function inOpenFence(text: string, caret: number): boolean {
  const fences = text.slice(0, caret).match(/^ {0,3}```/gmu)?.length ?? 0;
  return fences % 2 === 1;
}

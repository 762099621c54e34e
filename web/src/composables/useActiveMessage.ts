import { ref, type Ref } from 'vue';

/**
 * The one message whose action bar shows: the one under a mouse, the one holding the focus, or on
 * touch the one tapped or long-pressed (a tap elsewhere, or on it again, hides it). One at a time,
 * so two bars never show at once.
 */
export function useActiveMessage(scroller: Ref<HTMLElement | null>) {
  const active = ref<string | null>(null);
  const idOf = (target: EventTarget | null) =>
    target instanceof Element ? (target.closest<HTMLElement>('[data-message-id]')?.dataset.messageId ?? null) : null;
  const onControl = (target: EventTarget | null) =>
    target instanceof Element && !!target.closest('button, a, input, textarea, select, summary, video, audio');

  function onPointerover(event: PointerEvent) {
    if (event.pointerType === 'mouse') active.value = idOf(event.target);
  }
  function onPointerleave(event: PointerEvent) {
    if (event.pointerType !== 'mouse') return;
    const focused = scroller.value?.contains(document.activeElement) ? idOf(document.activeElement) : null;
    active.value = focused;
  }
  function onFocusin(event: FocusEvent) {
    active.value = idOf(event.target);
  }
  /** A tap on the message (not on one of its controls) toggles its bar. */
  function onClick(event: MouseEvent) {
    if ((event as PointerEvent).pointerType === 'mouse' || onControl(event.target)) return;
    const id = idOf(event.target);
    active.value = active.value === id ? null : id;
  }
  /** A long press on touch opens the bar instead of the browser's menu (text selection still works). */
  function onContextmenu(event: MouseEvent) {
    const id = idOf(event.target);
    if (!id || (event as PointerEvent).pointerType === 'mouse' || onControl(event.target)) return;
    event.preventDefault();
    active.value = id;
  }
  return { active, onPointerover, onPointerleave, onFocusin, onClick, onContextmenu };
}

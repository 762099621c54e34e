import {
  computed,
  inject,
  provide,
  ref,
  toValue,
  type ComputedRef,
  type InjectionKey,
  type MaybeRefOrGetter,
  type Ref,
} from 'vue';
import { activeItem, rovingTarget } from '../lib/roving';

/**
 * Roving focus over the items of a list (WAI-ARIA's roving tabindex, as in a chat log): the
 * active item is the list's only Tab stop; Arrow Up/Down, Page Up/Down, Home and End move
 * between items; Escape in an item's controls goes back to the item.
 *
 * An item's controls are Tab stops only while the focus is inside that item, so Tab from
 * outside lands on the item itself, and Tab from the item walks its controls and then leaves
 * the list. Everything stays focusable by pointer and by script.
 *
 * Spread `itemAttrs(id)` on each item's focusable element, bind the handlers on their
 * container, and hand `controlsTabbable(id)` to the item, which provides it to its controls.
 */
export function useRovingFocus(
  root: Ref<HTMLElement | null>,
  ids: MaybeRefOrGetter<readonly string[]>,
  options: { onFirst?: () => void } = {},
) {
  const chosen = ref<string | null>(null);
  /** the focus is inside the active item (on it or on one of its controls) */
  const inside = ref(false);
  const activeId = computed(() => activeItem(toValue(ids), chosen.value));

  function itemOf(node: EventTarget | null): HTMLElement | null {
    if (!(node instanceof Element)) return null;
    const item = node.closest<HTMLElement>('[data-roving-id]');
    return item && root.value?.contains(item) ? item : null;
  }

  function focusItem(id: string) {
    const el = root.value?.querySelector<HTMLElement>(`[data-roving-id="${CSS.escape(id)}"]`);
    if (!el) return;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'nearest' });
  }

  function onKeydown(event: KeyboardEvent) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target as HTMLElement;
    const item = itemOf(target);
    if (!item) return;
    if (event.key === 'Escape') {
      // a modal dialog opened from the item (a full-size image) closes on its own Escape
      if (target === item || target.closest('dialog')) return;
      event.preventDefault();
      item.focus();
      return;
    }
    // inside the controls the keys keep their own meaning
    if (target !== item) return;
    const ordered = toValue(ids);
    const to = rovingTarget(event.key, ordered, item.dataset.rovingId ?? null);
    if (to === null) return;
    event.preventDefault();
    focusItem(to);
    if (to === ordered[0]) options.onFirst?.();
  }

  function onFocusin(event: FocusEvent) {
    const item = itemOf(event.target);
    if (!item) return;
    chosen.value = item.dataset.rovingId ?? null;
    inside.value = true;
  }

  function onFocusout(event: FocusEvent) {
    // moving to another item keeps it: that item's focusin follows and makes it the active one
    if (!itemOf(event.relatedTarget)) inside.value = false;
  }

  const itemAttrs = (id: string) => ({ 'data-roving-id': id, tabindex: id === activeId.value ? 0 : -1 });
  const controlsTabbable = (id: string) => inside.value && id === activeId.value;

  return { activeId, itemAttrs, controlsTabbable, focusItem, onKeydown, onFocusin, onFocusout };
}

const CONTROLS_TABINDEX: InjectionKey<ComputedRef<0 | -1>> = Symbol('roving controls tabindex');

/** In an item: its controls are Tab stops only while `tabbable()` holds. Returns their tabindex. */
export function provideControlsTabindex(tabbable: () => boolean): ComputedRef<0 | -1> {
  const tabindex = computed(() => (tabbable() ? 0 : -1));
  provide(CONTROLS_TABINDEX, tabindex);
  return tabindex;
}

/** In a control: the tabindex its item gives it, 0 when it is not inside a roving item. */
export function useControlsTabindex(): ComputedRef<0 | -1> {
  return inject(CONTROLS_TABINDEX, null) ?? computed(() => 0);
}

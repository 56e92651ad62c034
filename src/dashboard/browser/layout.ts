/**
 * How a view reaches the page: as parts, each rebuilt only when its data changed, so that live
 * updates (one a second) neither flicker nor lose what the user was doing.
 */
import { byId, h } from './dom';

export interface Part {
  /** Its place in the view. */
  readonly key: string;
  /** What it shows, as a string (see `sig`): the part is rebuilt when this changes. */
  readonly sig: string;
  readonly build: () => Node;
}

interface Slot {
  readonly box: HTMLElement;
  sig: string | null;
}

export const main = byId('main', HTMLElement);

let layout: { key: string | null; parts: Map<string, Slot> } = { key: null, parts: new Map() };

/** A signature of what a part shows. */
export function sig(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Shows the parts of a view: lays them out anew when the view changed, then rebuilds those whose
 * signature changed, putting the focus back on the element that had it (by its data-key).
 */
export function show(key: string, parts: readonly Part[]): void {
  if (layout.key !== key) {
    layout = { key, parts: new Map() };
    main.replaceChildren();
    for (const part of parts) {
      const box = h('div', { 'data-part': part.key });
      layout.parts.set(part.key, { box, sig: null });
      main.appendChild(box);
    }
  }
  for (const part of parts) {
    const slot = layout.parts.get(part.key);
    if (!slot || slot.sig === part.sig) continue;
    const active = document.activeElement;
    const focusKey = active && slot.box.contains(active) ? active.getAttribute('data-key') : null;
    slot.box.replaceChildren(part.build());
    slot.sig = part.sig;
    if (focusKey) {
      const again = Array.from(slot.box.querySelectorAll<HTMLElement>('[data-key]')).find(
        (el) => el.getAttribute('data-key') === focusKey,
      );
      if (again) again.focus();
    }
  }
}

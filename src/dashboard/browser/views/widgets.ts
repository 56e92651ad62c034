/** Small pieces more than one view shows. */
import { currentState } from '../app';
import { h } from '../dom';
import { fmtTime, num } from '../format';

/** A figure with its label. */
export function card(label: string, value: string | number | null | undefined): HTMLElement {
  return h(
    'div',
    { class: 'card' },
    h('div', { class: 'value', text: typeof value === 'string' ? value : num(value) }),
    h('div', { class: 'label', text: label }),
  );
}

/** A consumer's state: running, stopping or stopped. */
export function stateBadge(state: string): HTMLElement {
  const tone =
    state === 'running' ? 'badge ok' : state === 'stopping' ? 'badge warn' : 'badge plain';
  return h('span', { class: tone, text: state });
}

/** A table cell with a time, the full one in its title. */
export function timeCell(ms: number | undefined): HTMLTableCellElement {
  return h('td', { title: ms ? new Date(ms).toISOString() : undefined, text: fmtTime(ms) });
}

/** Why messages cannot be shown, where they cannot. */
export function peekNotice(): HTMLElement | null {
  const { peek } = currentState();
  return peek.available ? null : h('p', { class: 'notice', text: peek.reason });
}

/** The payments lanes: one per account (FIFO message group), a chip per attempt in order. */
import type { DemoMessageEvent } from '../../feed/demo-event.interface';
import { byId, el } from './dom';
import { bodyOf } from './format';

const MAX_CHIPS = 30;

/** Each account's row of chips. */
const lanes = new Map<string | undefined, HTMLElement>();

export function showPaymentEvent(e: DemoMessageEvent): void {
  if (e.type !== 'processed' && e.type !== 'failed') return;
  const p = bodyOf(e);
  if (!p) return; // both steps carry the payment; without it there is nothing to place
  let lane = lanes.get(p.account);
  if (!lane) {
    const row = el('div', 'lane');
    lane = el('div', 'chips');
    row.append(el('span', 'account', p.account), lane);
    byId('lanes', HTMLElement).append(row);
    lanes.set(p.account, lane);
  }
  const chip = el('span', 'chip ' + e.type, '#' + p.step + (e.type === 'failed' ? ' ↻' : ''));
  chip.title =
    e.type === 'failed' ? (e.error ?? '') : 'attempt ' + e.attempt + ', ' + p.amount + ' EUR';
  lane.append(chip);
  while (lane.children.length > MAX_CHIPS && lane.firstChild) lane.removeChild(lane.firstChild);
}

/** Empties the lanes (before a new burst). */
export function clearLanes(): void {
  lanes.clear();
  byId('lanes', HTMLElement).replaceChildren();
}

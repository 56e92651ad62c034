/** The orders table: one row per message, showing its latest step. */
import type { DemoMessageEvent, DemoMessageEventType } from '../../feed/demo-event.interface';
import { byId, el, trim } from './dom';
import { bodyOf, describeOrder, statusOf } from './format';

const MAX_ROWS = 40;

/** The order of the steps within one attempt. */
const PHASE: Readonly<Record<DemoMessageEventType, number>> = {
  sent: 0,
  received: 1,
  failed: 2,
  processed: 3,
  'dead-lettered': 4,
};

interface OrderRow {
  readonly row: HTMLTableRowElement;
  readonly id: HTMLTableCellElement;
  readonly order: HTMLTableCellElement;
  readonly status: HTMLTableCellElement;
  /** The latest step shown (attempt and phase). */
  rank: number;
  /** Whether the order's id and contents are filled in. */
  described: boolean;
}

/** By message id; twice as many as the table shows, the oldest forgotten first. */
const rows = new Map<string, OrderRow>();

export function showOrderEvent(e: DemoMessageEvent): void {
  let entry = rows.get(e.messageId);
  if (!entry) {
    const id = el('td', 'mono', e.messageId.slice(0, 8));
    const order = el('td');
    const status = el('td');
    const row = el('tr');
    row.append(id, order, status);
    const table = byId('orders', HTMLElement);
    table.prepend(row);
    trim(table, MAX_ROWS);
    entry = { row, id, order, status, rank: -1, described: false };
    rows.set(e.messageId, entry);
    if (rows.size > MAX_ROWS * 2) {
      const oldest = rows.keys().next();
      if (!oldest.done) rows.delete(oldest.value);
    }
  }
  // "received" carries no body (the consumer decodes it later): fill the order in from any other.
  const body = bodyOf(e);
  if (body && !entry.described) {
    entry.id.textContent = body.id ?? '';
    entry.order.textContent = describeOrder(body);
    entry.described = true;
  }
  // Events of one message can arrive out of order (a consumer may receive it before the
  // producer's send returns): keep the latest step.
  const rank = (e.attempt || 0) * 10 + PHASE[e.type];
  if (rank < entry.rank) return;
  entry.rank = rank;
  entry.row.className = e.type;
  entry.status.textContent = statusOf(e);
}

/** The orders table: one row per message, showing its latest step. */
import type { DemoMessageEvent, DemoMessageEventType } from '../../feed/demo-event.interface';
import { byId, el, trim } from './dom';
import type { PlacedOrder } from '../../orders/order.interface';
import { bodyOf, describeOrder, type MessageBody, statusOf } from './format';

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

/**
 * A row for an order this page just placed (`POST /orders` answered 202): queued, and shown so
 * at once, even while the notifier, which reports everything else, is away.
 */
export function showPlacedOrder(placed: PlacedOrder): void {
  const entry = rowOf(placed.messageId);
  if (!entry.described) describe(entry, placed.order);
  if (entry.rank >= 0) return; // the notifier was quicker
  entry.row.className = 'sent';
  entry.status.textContent = 'queued (the notifier reports what happens next)';
}

export function showOrderEvent(e: DemoMessageEvent): void {
  const entry = rowOf(e.messageId);
  // "received" carries no body (the consumer decodes it later): fill the order in from any other.
  const body = bodyOf(e);
  if (body && !entry.described) describe(entry, body);
  // Events of one message can arrive out of order (a consumer may receive it before the
  // producer's send returns): keep the latest step.
  const rank = (e.attempt || 0) * 10 + PHASE[e.type];
  if (rank < entry.rank) return;
  entry.rank = rank;
  entry.row.className = e.type;
  entry.status.textContent = statusOf(e);
}

function describe(entry: OrderRow, body: MessageBody): void {
  entry.id.textContent = body.id ?? '';
  entry.order.textContent = describeOrder(body);
  entry.described = true;
}

/** The row of a message, new (at the top) if it has none yet. */
function rowOf(messageId: string): OrderRow {
  let entry = rows.get(messageId);
  if (!entry) {
    const id = el('td', 'mono', messageId.slice(0, 8));
    const order = el('td');
    const status = el('td');
    const row = el('tr');
    row.setAttribute('data-message-id', messageId);
    row.append(id, order, status);
    const table = byId('orders', HTMLElement);
    table.prepend(row);
    trim(table, MAX_ROWS);
    entry = { row, id, order, status, rank: -1, described: false };
    rows.set(messageId, entry);
    if (rows.size > MAX_ROWS * 2) {
      const oldest = rows.keys().next();
      if (!oldest.done) rows.delete(oldest.value);
    }
  }
  return entry;
}

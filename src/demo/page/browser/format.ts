/** How the page words a message and its steps. */
import type { DemoMessageEvent } from '../../feed/demo-event.interface';
import type { Order } from '../../orders/order.interface';
import type { Payment } from '../../payments/payment.interface';

/**
 * A message's body as the page reads it: an order (queue `orders`) or a payment (`payments`),
 * decoded by the consumer. Partial: the page shows what is there.
 */
export type MessageBody = Partial<Order & Payment>;

/** The event's body; none on `received` (the consumer decodes it later). */
export function bodyOf(e: DemoMessageEvent): MessageBody | undefined {
  // JSON the demo's own producers sent (orders.service.ts, payments.service.ts).
  return (e.body || undefined) as MessageBody | undefined;
}

/** A time of day to the millisecond, from ISO 8601. */
export function time(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour12: false }) + '.' + iso.slice(20, 23);
}

export function describeOrder(o: MessageBody): string {
  return o.quantity + ' × ' + o.item + ' for ' + o.customer + (o.fail ? ' (set to fail)' : '');
}

/** Where an order stands after this event. */
export function statusOf(e: DemoMessageEvent): string {
  switch (e.type) {
    case 'sent':
      return 'queued' + waitedText(e);
    case 'received':
      return 'processing, attempt ' + e.attempt;
    case 'processed':
      return 'processed in ' + e.durationMs + ' ms, attempt ' + e.attempt;
    case 'failed':
      return (
        'attempt ' +
        e.attempt +
        ' failed: ' +
        e.error +
        ((e.retryInSeconds ?? 0) > 0 ? ', retry in ' + e.retryInSeconds + ' s' : '')
      );
    case 'dead-lettered':
      return 'moved to orders-dlq after ' + e.attempt + ' attempts';
  }
  // A step this page does not know yet: its name.
  return String(e.type);
}

/**
 * How long a message waited in the queue before the notifier first received it, when that is
 * worth saying (the notifier was down, or busy): `, waited 12.3 s in the queue`.
 */
export function waitedText(e: DemoMessageEvent): string {
  const waited = e.waitedMs ?? 0;
  return waited >= 1000 ? ', waited ' + (waited / 1000).toFixed(1) + ' s in the queue' : '';
}

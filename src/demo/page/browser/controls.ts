/** The order form and the buttons: JSON POSTs to the demo's REST API. */
import type { OrderBatchRequest, OrderRequest, PlacedOrder } from '../../orders/order.interface';
import { byId } from './dom';
import { showPlacedOrder } from './orders';
import { clearLanes } from './payments';

export function bindControls(): void {
  const form = byId('order-form', HTMLFormElement);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const order: OrderRequest = {
      item: input(form, 'item').value || undefined,
      quantity: Number(input(form, 'quantity').value) || undefined,
      customer: input(form, 'customer').value || undefined,
      fail: input(form, 'fail').checked,
    };
    void post('/orders', order).then((placed) => {
      // The orders service's answer (orders.service.ts), of the type named here.
      if (placed) showPlacedOrder(placed as PlacedOrder);
    });
  });
  byId('batch', HTMLButtonElement).addEventListener('click', () => {
    void post('/orders/batch', { count: 20 } satisfies OrderBatchRequest);
  });
  byId('batch-fail', HTMLButtonElement).addEventListener('click', () => {
    void post('/orders/batch', { count: 5, fail: true } satisfies OrderBatchRequest);
  });
  byId('burst', HTMLButtonElement).addEventListener('click', () => {
    clearLanes();
    void post('/payments/burst', { accounts: 3, payments: 6 });
  });
}

/**
 * POSTs `body` as JSON. Resolves to the answer's JSON, or to nothing after showing why it failed
 * (the server's message, or the HTTP status) under the form.
 */
function post(path: string, body: object): Promise<unknown> {
  byId('error', HTMLElement).textContent = '';
  return fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
    .then((res) =>
      res.json().then((json: unknown) => {
        if (!res.ok) throw new Error(messageOf(json) || res.statusText);
        return json;
      }),
    )
    .catch((err: unknown) => {
      byId('error', HTMLElement).textContent = err instanceof Error ? err.message : String(err);
    });
}

/** The `message` of Nest's error answers (`{ statusCode, message, error }`), if any. */
function messageOf(json: unknown): string {
  if (typeof json !== 'object' || json === null || !('message' in json)) return '';
  return json.message ? String(json.message) : '';
}

function input(form: HTMLFormElement, name: string): HTMLInputElement {
  const field = form.elements.namedItem(name);
  if (!(field instanceof HTMLInputElement)) throw new Error(`The order form has no ${name} input.`);
  return field;
}

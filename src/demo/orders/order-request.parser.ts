import { asObject, optionalFlag, optionalInteger, optionalText } from '../shared/request-body';
import type { OrderBatchRequest, OrderRequest } from './order.interface';

/** Checks the body of `POST /orders`: `{ item?, quantity?, customer?, fail? }`. */
export function parseOrderRequest(body: unknown): OrderRequest {
  const input = asObject(body);
  return {
    item: optionalText(input.item, 'item', 60),
    quantity: optionalInteger(input.quantity, 'quantity', 1, 1000),
    customer: optionalText(input.customer, 'customer', 60),
    fail: optionalFlag(input.fail, 'fail'),
  };
}

/** Checks the body of `POST /orders/batch`: `{ count? (1–100, default 20), fail? }`. */
export function parseOrderBatchRequest(body: unknown): OrderBatchRequest {
  const input = asObject(body);
  return {
    count: optionalInteger(input.count, 'count', 1, 100) ?? 20,
    fail: optionalFlag(input.fail, 'fail'),
  };
}

/** An order, as it travels through the `orders` queue (JSON). */
export interface Order {
  readonly id: string;
  readonly item: string;
  readonly quantity: number;
  readonly customer: string;
  /** Set by whoever places the order to make it fail on every attempt (and end in the DLQ). */
  readonly fail?: boolean;
  /** When it was placed (ISO 8601). */
  readonly placedAt: string;
}

/** The body of `POST /orders`; every field is optional. */
export interface OrderRequest {
  readonly item?: string;
  readonly quantity?: number;
  readonly customer?: string;
  readonly fail?: boolean;
}

/** The body of `POST /orders/batch`. */
export interface OrderBatchRequest {
  /** How many orders (1–100). Default 20. */
  readonly count: number;
  /** Make every one of them fail. */
  readonly fail?: boolean;
}

/** What `POST /orders` answers. */
export interface PlacedOrder {
  readonly order: Order;
  /** The SQS message id. */
  readonly messageId: string;
}

/** Receives before a failing order is moved to `orders-dlq`: small, so the DLQ fills in seconds. */
export const ORDERS_MAX_RECEIVE_COUNT = 3;

/** SQS names of the demo's queues, by logical name. */
export const DEMO_QUEUE_NAMES = {
  orders: 'orders',
  'orders-dlq': 'orders-dlq',
  payments: 'payments.fifo',
} as const;

/**
 * The emulator's queue file (`nestjs-sqs-kit emulator --config`, written by the launcher): the
 * queues both services declare, with the same redrive policy, so the emulator has them from its
 * first moment and the services' `create: true` finds them as they are.
 */
export function emulatorQueueConfig(): {
  queues: Record<string, { deadLetter?: { queue: string; maxReceiveCount: number } }>;
} {
  return {
    queues: {
      [DEMO_QUEUE_NAMES['orders-dlq']]: {},
      [DEMO_QUEUE_NAMES.orders]: {
        deadLetter: {
          queue: DEMO_QUEUE_NAMES['orders-dlq'],
          maxReceiveCount: ORDERS_MAX_RECEIVE_COUNT,
        },
      },
      // FIFO by its name.
      [DEMO_QUEUE_NAMES.payments]: {},
    },
  };
}

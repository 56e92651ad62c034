/**
 * The injection token of the producer of a logical queue, e.g. to replace it in a test:
 * `Test.createTestingModule(…).overrideProvider(getProducerToken('orders')).useValue(fake)`.
 */
export function getProducerToken(queue: string): string {
  return `nestjs-sqs-kit:producer:${queue}`;
}

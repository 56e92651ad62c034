import type { SqsModuleOptions } from '../../src/module/sqs-module-options.interface';
import { SqsTestClock, SqsTestEmulator, toTestingOptions } from '../../src/testing';

const base: SqsModuleOptions = { backend: 'aws', aws: { region: 'eu-west-1' }, queues: {} };

describe('toTestingOptions', () => {
  it('replaces the backend with the emulator on a fresh virtual clock, sharing the clock', () => {
    const options = toTestingOptions(base);
    expect(options.backend).toBe('memory');
    expect(options.aws).toBeUndefined();
    expect(options.emulator).toBeInstanceOf(SqsTestEmulator);
    expect(options.clock).toBeInstanceOf(SqsTestClock);
    expect((options.emulator as SqsTestEmulator).clock).toBe(options.clock);
  });

  it("keeps the application's other options", () => {
    const options = toTestingOptions({
      ...base,
      shutdownTimeoutMs: 10,
      messageTypeAttribute: 'kind',
      consumer: { concurrency: 3 },
    });
    expect(options).toMatchObject({
      shutdownTimeoutMs: 10,
      messageTypeAttribute: 'kind',
      consumer: { concurrency: 3 },
    });
  });

  it('creates every queue, since none exists in a new emulator', () => {
    const options = toTestingOptions({ ...base, queues: { orders: { create: false } } });
    expect(options.queues.orders.create).toBe(true);
  });

  it('turns a queue URL into the queue name', () => {
    const options = toTestingOptions({
      ...base,
      queues: { orders: { url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/prod-orders' } },
    });
    expect(options.queues.orders).toEqual({ name: 'prod-orders', url: undefined, create: true });
  });

  it('points a dead-letter ARN at the declared queue of that name', () => {
    const options = toTestingOptions({
      ...base,
      queues: {
        orders: {
          deadLetter: {
            queue: 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq',
            maxReceiveCount: 4,
          },
        },
        dlq: { name: 'orders-dlq' },
      },
    });
    expect(options.queues.orders.deadLetter).toEqual({ queue: 'dlq', maxReceiveCount: 4 });
    expect(Object.keys(options.queues)).toEqual(['orders', 'dlq']);
  });

  it('declares a dead-letter queue the application knows only by ARN', () => {
    const options = toTestingOptions({
      ...base,
      queues: {
        orders: {
          deadLetter: {
            queue: 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq',
            maxReceiveCount: 4,
          },
        },
      },
    });
    expect(options.queues['orders-dlq']).toEqual({ name: 'orders-dlq', create: true });
    expect(options.queues.orders.deadLetter?.queue).toBe('orders-dlq');
  });

  it('turns a RedrivePolicy attribute into the deadLetter option', () => {
    const options = toTestingOptions({
      ...base,
      queues: {
        orders: {
          attributes: {
            VisibilityTimeout: '30',
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq',
              maxReceiveCount: 2,
            }),
          },
        },
        'orders-dlq': {},
      },
    });
    expect(options.queues.orders).toMatchObject({
      attributes: { VisibilityTimeout: '30' },
      deadLetter: { queue: 'orders-dlq', maxReceiveCount: 2 },
    });
    expect(options.queues.orders.attributes).not.toHaveProperty('RedrivePolicy');
  });

  it('gives the emulator the region and account of the production queues', () => {
    const emulator = toTestingOptions({
      ...base,
      aws: {},
      queues: { orders: { url: 'https://sqs.ap-south-1.amazonaws.com/210987654321/orders' } },
    }).emulator as SqsTestEmulator;
    expect([emulator.region, emulator.accountId]).toEqual(['ap-south-1', '210987654321']);
  });

  it('lets the kit options name the emulator region and account', () => {
    const emulator = toTestingOptions(base, { emulator: { region: 'us-west-2', accountId: '1' } })
      .emulator as SqsTestEmulator;
    expect([emulator.region, emulator.accountId]).toEqual(['us-west-2', '1']);
  });

  it('overrides the logger and autoStartup when the kit options say so', () => {
    const options = toTestingOptions(
      { ...base, autoStartup: true },
      { logger: false, autoStartup: false },
    );
    expect([options.logger, options.autoStartup]).toEqual([false, false]);
  });

  it('starts the clock at startTime', () => {
    expect(toTestingOptions(base, { startTime: 42 }).clock?.now()).toBe(42);
  });
});

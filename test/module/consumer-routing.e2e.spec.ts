import { Injectable } from '@nestjs/common';
import { SqsEvents } from '../../src/consumer/sqs-events';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { UnhandledMessageTypeError } from '../../src/errors/unhandled-message-type.error';
import type { SqsUnhandledMessagePolicy } from '../../src/interfaces/sqs-consumer-options.interface';
import type { SqsEventMap } from '../../src/interfaces/sqs-events.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import { createTestApp, type TestApp } from './support/test-app';
import { advance, until } from './support/virtual-time';

@Injectable()
class OrderEvents {
  readonly log: string[] = [];

  constructor(@InjectSqsProducer('events') readonly producer: SqsProducer<{ id: number }>) {}

  @SqsHandler('events', { messageType: 'created' })
  async onCreated(message: SqsMessage<{ id: number }>): Promise<void> {
    this.log.push(`created:${message.body.id}`);
  }

  @SqsHandler('events', { messageType: ['paid', 'refunded'] })
  async onMoney(message: SqsMessage<{ id: number }>): Promise<void> {
    this.log.push(`${message.attributes.kind as string}:${message.body.id}`);
  }
}

@Injectable()
class WithCatchAll {
  readonly log: string[] = [];

  @SqsHandler('events', { messageType: 'created' })
  async onCreated(): Promise<void> {
    this.log.push('created');
  }

  @SqsHandler('events')
  async onAnything(message: SqsMessage<unknown>): Promise<void> {
    this.log.push(`other:${message.attributes.kind as string | undefined}`);
  }
}

@Injectable()
class StackedTypes {
  readonly log: string[] = [];

  @SqsHandler('events', { messageType: 'created' })
  @SqsHandler('events', { messageType: 'paid' })
  async onEither(message: SqsMessage<{ id: number }>): Promise<void> {
    this.log.push(`${message.attributes.kind as string}:${message.body.id}`);
  }
}

describe('routing by message type', () => {
  let t: TestApp;

  async function start(
    provider: typeof OrderEvents | typeof WithCatchAll | typeof StackedTypes,
    unhandledMessages?: SqsUnhandledMessagePolicy,
  ) {
    t = await createTestApp(
      {
        messageTypeAttribute: 'kind',
        queues: {
          events: {
            deadLetter: { queue: 'events-dlq', maxReceiveCount: 2 },
            consumer: { unhandledMessages },
          },
          'events-dlq': {},
        },
      },
      [provider],
    );
  }

  async function send(kind: string | undefined, id: number): Promise<void> {
    await t.emulator.sendMessage({
      QueueUrl: t.url('events'),
      MessageBody: JSON.stringify({ id }),
      ...(kind ? { MessageAttributes: { kind: { DataType: 'String', StringValue: kind } } } : {}),
    });
  }

  afterEach(() => t.close());

  it('routes each message to the handler of its type', async () => {
    await start(OrderEvents);
    const handler = t.app.get(OrderEvents);
    await send('created', 1);
    await send('refunded', 2);
    await send('paid', 3);
    await until(t.clock, () => handler.log.length === 3, 'three messages');
    expect(handler.log.sort()).toEqual(['created:1', 'paid:3', 'refunded:2']);
  });

  it('reports each handler’s processed count in SqsConsumers.status()', async () => {
    await start(OrderEvents);
    const handler = t.app.get(OrderEvents);
    await send('created', 1);
    await send('paid', 2);
    await send('refunded', 3);
    const status = () => t.app.get(SqsConsumers).status()[0];
    await until(t.clock, () => handler.log.length === 3 && status().processed === 3, 'three');
    expect(status().byHandler).toEqual([
      { handler: 'OrderEvents.onCreated', running: 0, processed: 1, failed: 0 },
      { handler: 'OrderEvents.onMoney', running: 0, processed: 2, failed: 0 },
    ]);
  });

  it('routes the types of decorators stacked on one method to that method', async () => {
    await start(StackedTypes);
    const handler = t.app.get(StackedTypes);
    await send('created', 1);
    await send('paid', 2);
    await until(t.clock, () => handler.log.length === 2, 'two messages');
    expect(handler.log.sort()).toEqual(['created:1', 'paid:2']);
  });

  it('routes with the type the producer sets', async () => {
    await start(OrderEvents);
    const handler = t.app.get(OrderEvents);
    await handler.producer.send({ id: 9 }, { messageType: 'paid' });
    await until(t.clock, () => handler.log.length === 1, 'the message');
    expect(handler.log).toEqual(['paid:9']);
  });

  it('sends types no handler claims to the catch-all handler', async () => {
    await start(WithCatchAll);
    const handler = t.app.get(WithCatchAll);
    await send('created', 1);
    await send('archived', 2);
    await send(undefined, 3);
    await until(t.clock, () => handler.log.length === 3, 'three messages');
    expect(handler.log.sort()).toEqual(['created', 'other:archived', 'other:undefined']);
  });

  it('fails a message of an unknown type, so it ends in the dead-letter queue', async () => {
    await start(OrderEvents);
    const failures: SqsEventMap['messageFailed'][] = [];
    t.app.get(SqsEvents).on('messageFailed', (e) => failures.push(e));
    await send('archived', 1);
    await until(t.clock, () => failures.length === 1, 'the failure');
    expect(failures[0].error).toBeInstanceOf(UnhandledMessageTypeError);
    expect((failures[0].error as Error).message).toBe(
      "No handler on queue 'events' accepts message type 'archived'.",
    );
    await advance(t.clock, 60_000);
    await until(
      t.clock,
      () => t.emulator.peekMessages('events-dlq').length === 1,
      'the dead-letter move',
    );
  });

  it('deletes a message of an unknown type under the delete policy, with an error event', async () => {
    await start(OrderEvents, 'delete');
    const errors: SqsEventMap['error'][] = [];
    t.app.get(SqsEvents).on('error', (e) => errors.push(e));
    await send(undefined, 1);
    await until(t.clock, () => errors.length === 1, 'the error event');
    expect(errors[0]).toMatchObject({ queue: 'events', operation: 'route' });
    await until(t.clock, () => t.emulator.peekMessages('events').length === 0, 'the delete');
  });

  it('puts a message of an unknown type straight back under the release policy', async () => {
    await start(OrderEvents, 'release');
    await send('archived', 1);
    // Released at once, it is received again right away until SQS dead-letters it.
    await until(
      t.clock,
      () => t.emulator.peekMessages('events-dlq').length === 1,
      'the dead-letter move',
    );
    expect(t.emulator.peekMessages('events-dlq')[0].receiveCount).toBe(2);
  });
});

import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsEvents } from '../../src/consumer/sqs-events';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { UnhandledMessageTypeError } from '../../src/errors/unhandled-message-type.error';
import type { SqsUnhandledMessagePolicy } from '../../src/interfaces/sqs-consumer-options.interface';
import type { SqsEventMap } from '../../src/interfaces/sqs-events.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import type { SqsTestHarness } from '../../src/testing';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

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
  let app: TestingModule;
  let sqs: SqsTestHarness;

  async function start(
    provider: typeof OrderEvents | typeof WithCatchAll | typeof StackedTypes,
    unhandledMessages?: SqsUnhandledMessagePolicy,
  ) {
    ({ app, sqs } = await compileKitApp(
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
    ));
    await app.init();
  }

  async function send(kind: string | undefined, id: number): Promise<void> {
    // A raw send, attribute and all: what another service's client puts on the queue.
    await sqs.emulator.sendMessage({
      QueueUrl: sqs.queueUrl('events'),
      MessageBody: JSON.stringify({ id }),
      ...(kind ? { MessageAttributes: { kind: { DataType: 'String', StringValue: kind } } } : {}),
    });
  }

  afterEach(() => app.close());

  it('routes each message to the handler of its type', async () => {
    await start(OrderEvents);
    const handler = app.get(OrderEvents);
    await send('created', 1);
    await send('refunded', 2);
    await send('paid', 3);
    await sqs.waitForIdle();
    expect(handler.log.sort()).toEqual(['created:1', 'paid:3', 'refunded:2']);
  });

  it('reports each handler’s processed count in SqsConsumers.status()', async () => {
    await start(OrderEvents);
    const handler = app.get(OrderEvents);
    await send('created', 1);
    await send('paid', 2);
    await send('refunded', 3);
    const status = () => app.get(SqsConsumers).status()[0];
    await sqs.waitForIdle();
    expect(handler.log).toHaveLength(3);
    expect(status().processed).toBe(3);
    expect(status().byHandler).toEqual([
      { handler: 'OrderEvents.onCreated', running: 0, processed: 1, failed: 0 },
      { handler: 'OrderEvents.onMoney', running: 0, processed: 2, failed: 0 },
    ]);
  });

  it('routes the types of decorators stacked on one method to that method', async () => {
    await start(StackedTypes);
    const handler = app.get(StackedTypes);
    await send('created', 1);
    await send('paid', 2);
    await sqs.waitForIdle();
    expect(handler.log.sort()).toEqual(['created:1', 'paid:2']);
  });

  it('routes with the type the producer sets', async () => {
    await start(OrderEvents);
    const handler = app.get(OrderEvents);
    await handler.producer.send({ id: 9 }, { messageType: 'paid' });
    await sqs.waitFor('events', (body: { id: number }) => body.id === 9, { advanceClock: false });
    expect(handler.log).toEqual(['paid:9']);
  });

  it('sends types no handler claims to the catch-all handler', async () => {
    await start(WithCatchAll);
    const handler = app.get(WithCatchAll);
    await send('created', 1);
    await send('archived', 2);
    await send(undefined, 3);
    await sqs.waitForIdle();
    expect(handler.log.sort()).toEqual(['created', 'other:archived', 'other:undefined']);
  });

  it('fails a message of an unknown type, so it ends in the dead-letter queue', async () => {
    await start(OrderEvents);
    const failures: SqsEventMap['messageFailed'][] = [];
    app.get(SqsEvents).on('messageFailed', (e) => failures.push(e));
    await send('archived', 1);
    await turnUntil(sqs, () => failures.length === 1, 'the failure');
    expect(failures[0].error).toBeInstanceOf(UnhandledMessageTypeError);
    expect((failures[0].error as Error).message).toBe(
      "No handler on queue 'events' accepts message type 'archived'.",
    );
    await sqs.advance(60_000);
    await sqs.waitFor('events', () => true, { outcome: 'dead-lettered', advanceClock: false });
    expect(sqs.deadLetters('events')).toMatchObject([{ body: { id: 1 }, receiveCount: 2 }]);
  });

  it('deletes a message of an unknown type under the delete policy, with an error event', async () => {
    await start(OrderEvents, 'delete');
    const errors: SqsEventMap['error'][] = [];
    app.get(SqsEvents).on('error', (e) => errors.push(e));
    await send(undefined, 1);
    await turnUntil(sqs, () => errors.length === 1, 'the error event');
    expect(errors[0]).toMatchObject({ queue: 'events', operation: 'route' });
    await sqs.waitForIdle();
    expect(sqs.messages('events')).toEqual([]);
    expect(sqs.deadLetters('events')).toEqual([]);
  });

  it('puts a message of an unknown type straight back under the release policy', async () => {
    await start(OrderEvents, 'release');
    await send('archived', 1);
    // Released at once, it is received again right away until SQS dead-letters it.
    await sqs.waitFor('events', () => true, { outcome: 'dead-lettered', advanceClock: false });
    expect(sqs.deadLetters('events')).toHaveLength(1);
    expect(sqs.deadLetters('events')[0].receiveCount).toBe(2);
  });
});

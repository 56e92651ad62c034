import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsEvents } from '../../src/consumer/sqs-events';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsEventName } from '../../src/interfaces/sqs-events.interface';
import type { SqsLogger } from '../../src/interfaces/sqs-logger.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import type { SqsTestHarness } from '../../src/testing';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

const SECRET = 'card 4111-1111-1111-1111';

@Injectable()
class CardsHandler {
  readonly seen: SqsMessage<{ card: string; fail?: boolean; postpone?: number }>[] = [];
  block = false;
  private readonly release: (() => void)[] = [];

  unblock(): void {
    this.block = false;
    for (const resolve of this.release.splice(0)) resolve();
  }

  @SqsHandler('cards', { backoff: () => 7 })
  async onCard(
    message: SqsMessage<{ card: string; fail?: boolean; postpone?: number }>,
  ): Promise<void> {
    this.seen.push(message);
    if (message.body.postpone) await message.changeVisibility(message.body.postpone);
    if (this.block) await new Promise<void>((resolve) => this.release.push(resolve));
    if (message.body.fail) throw new Error('declined');
  }
}

class CapturingLogger implements SqsLogger {
  readonly lines: { level: string; text: string }[] = [];
  log(text: string): void {
    this.lines.push({ level: 'log', text });
  }
  warn(text: string): void {
    this.lines.push({ level: 'warn', text });
  }
  error(text: string, stack?: string): void {
    this.lines.push({ level: 'error', text: `${text}${stack ?? ''}` });
  }
  debug(text: string): void {
    this.lines.push({ level: 'debug', text });
  }
}

describe('events, logs and changeVisibility', () => {
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let handler: CardsHandler;
  let logger: CapturingLogger;
  let events: { name: SqsEventName; queue: string }[];

  beforeEach(async () => {
    logger = new CapturingLogger();
    ({ app, sqs } = await compileKitApp({ logger, queues: { cards: {} } }, [CardsHandler]));
    events = [];
    const sqsEvents = app.get(SqsEvents);
    for (const name of [
      'consumerStarted',
      'messageReceived',
      'messageProcessed',
      'messageFailed',
      'consumerStopped',
    ] as const) {
      sqsEvents.on(name, (e) => events.push({ name, queue: e.queue }));
    }
    await app.init();
    handler = app.get(CardsHandler);
  });

  afterEach(async () => {
    handler.unblock();
    await app.close();
  });

  async function send(body: object): Promise<void> {
    await sqs.send('cards', body);
  }

  it('emits started, received, processed and stopped events', async () => {
    await send({ card: 'x' });
    await turnUntil(
      sqs,
      () => events.some((e) => e.name === 'messageProcessed'),
      'the processed event',
    );
    await app.close();
    expect(events.map((e) => e.name)).toEqual([
      'consumerStarted',
      'messageReceived',
      'messageProcessed',
      'consumerStopped',
    ]);
    expect(events.every((e) => e.queue === 'cards')).toBe(true);
  });

  it('gives messageReceived listeners the decoded body', async () => {
    const bodies: unknown[] = [];
    app.get(SqsEvents).on('messageReceived', (e) => bodies.push(e.message.body));
    await send({ card: 'y' });
    await turnUntil(sqs, () => bodies.length > 0, 'the received event');
    expect(bodies).toEqual([{ card: 'y' }]);
  });

  it('logs a failure with the handler, message id and retry delay', async () => {
    await send({ card: SECRET, fail: true });
    await turnUntil(sqs, () => logger.lines.some((l) => l.level === 'warn'), 'the warning');
    const id = handler.seen[0].id;
    // Its first line; the stack follows on the next lines, the first time only.
    expect(logger.lines.find((l) => l.level === 'warn')?.text.split('\n')[0]).toBe(
      `CardsHandler.onCard failed on queue 'cards' (message ${id}, receive 1): declined; retrying in 7 s.`,
    );
  });

  it('never writes a message body (unless logMessageBodies is on)', async () => {
    await send({ card: SECRET, fail: true });
    await turnUntil(sqs, () => logger.lines.some((l) => l.level === 'warn'), 'the warning');
    expect(logger.lines.some((l) => l.text.includes(SECRET))).toBe(false);
  });

  it('lets a handler set its message’s visibility with changeVisibility', async () => {
    handler.block = true;
    await send({ card: 'x', postpone: 120 });
    await turnUntil(sqs, () => handler.seen.length === 1, 'the handler');
    const changed = () =>
      sqs.messages('cards')[0].visibleAt.getTime() === sqs.clock.now() + 120_000;
    await turnUntil(sqs, changed, 'the change');
    expect(sqs.messages('cards')).toEqual([
      expect.objectContaining({
        state: 'inflight',
        receiveCount: 1,
        visibleAt: new Date(sqs.clock.now() + 120_000),
      }),
    ]);
  });

  it('heartbeats from the deadline changeVisibility set', async () => {
    handler.block = true;
    await send({ card: 'x', postpone: 120 });
    await turnUntil(sqs, () => handler.seen.length === 1, 'the handler');
    await sqs.advance(59_999);
    expect(sqs.messages('cards')[0].visibleAt).toEqual(new Date(sqs.clock.now() + 60_001));
    await sqs.advance(1);
    // Extended at half of the 120 s the handler set, by what is left of them (60 s): never by
    // less, though the queue's visibility timeout is 30 s.
    expect(sqs.messages('cards')[0].visibleAt).toEqual(new Date(sqs.clock.now() + 60_000));
  });
});

import { Injectable, type LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { FaultInjectingSqsBackend } from '../../src/backend/fault-injecting-sqs.backend';
import { createConsoleLogger } from '../../src/cli/console-logger';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsModule } from '../../src/module/sqs.module';
import { JsonCodec } from '../../src/producer/json.codec';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import { startSqsServer } from '../../src/server/start-sqs-server';
import { jsonRequest, queryRequest } from '../support/raw-http';

/**
 * Message bodies may hold personal data: the module logs them only when `logMessageBodies` is on
 * (at debug level). These tests run the paths that log (success, handler failure, retries into
 * the DLQ, undecodable bodies, unhandled types, backend faults, shutdown) and look for a body in
 * every line.
 */
const SECRET = 'PII-4111-1111-1111-1111';
/** A leak of any part of a body shows as this prefix (error texts quote the first characters). */
const MARK = SECRET.slice(0, 4);

interface Order {
  readonly card: string;
  readonly mode: 'ok' | 'fail';
}

interface LogLine {
  readonly level: 'log' | 'warn' | 'error' | 'debug' | 'verbose' | 'fatal';
  readonly text: string;
}

/** A Nest LoggerService that keeps every line, stack traces and extra arguments included. */
class CapturingLogger implements LoggerService {
  readonly lines: LogLine[] = [];
  log = (...args: unknown[]) => this.keep('log', args);
  warn = (...args: unknown[]) => this.keep('warn', args);
  error = (...args: unknown[]) => this.keep('error', args);
  debug = (...args: unknown[]) => this.keep('debug', args);
  verbose = (...args: unknown[]) => this.keep('verbose', args);
  fatal = (...args: unknown[]) => this.keep('fatal', args);

  private keep(level: LogLine['level'], args: unknown[]): void {
    const text = args
      .map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : String(a)))
      .join(' ');
    this.lines.push({ level, text });
  }

  /** Lines at info level and above (what a production logger prints). */
  get infoAndAbove(): LogLine[] {
    return this.lines.filter((l) => l.level !== 'debug' && l.level !== 'verbose');
  }
}

@Injectable()
class Shop {
  constructor(@InjectSqsProducer('orders') readonly orders: SqsProducer<Order>) {}

  @SqsHandler('orders', { backoff: () => 1 })
  async onOrder(message: SqsMessage<Order>): Promise<void> {
    if (message.body.mode === 'fail') throw new Error('payment declined');
  }

  @SqsHandler('events', { messageType: 'known', unhandledMessages: 'delete' })
  async onEvent(): Promise<void> {}
}

describe('log hygiene: no message body in logs at info level', () => {
  let app: TestingModule;
  let clock: ManualClock;
  let emulator: SqsEmulator;
  let logger: CapturingLogger;
  let backend: FaultInjectingSqsBackend;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    emulator = new SqsEmulator({ clock });
    logger = new CapturingLogger();
    backend = new FaultInjectingSqsBackend(emulator, { rate: 0.3, seed: 7, clock });
    app = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend,
          clock,
          logger,
          queues: {
            orders: {
              create: true,
              deadLetter: { queue: 'orders-dlq', maxReceiveCount: 2 },
              consumer: { waitTimeSeconds: 1 },
            },
            'orders-dlq': { create: true },
            events: { create: true, consumer: { waitTimeSeconds: 1 } },
          },
        }),
      ],
      providers: [Shop],
    }).compile();
    // Nest's own loggers too (its exception handler logs what handlers throw).
    app.useLogger(logger);
    await app.init();
  });

  afterEach(async () => {
    const closing = app.close();
    for (let i = 0; i < 100; i++) {
      clock.advance(1_000);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await closing;
  });

  async function run(seconds: number): Promise<void> {
    for (let i = 0; i < seconds * 4; i++) {
      clock.advance(250);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async function sendRaw(queue: string, body: string, type?: string): Promise<void> {
    await emulator.sendMessage({
      QueueUrl: emulator.queueUrlOf(queue) as string,
      MessageBody: body,
      ...(type
        ? { MessageAttributes: { messageType: { DataType: 'String', StringValue: type } } }
        : {}),
    });
  }

  async function exercise(): Promise<void> {
    const shop = app.get(Shop);
    // Sends go through untouched (a timed-out send would wait for the clock this test moves).
    backend.enabled = false;
    for (let i = 0; i < 20; i++) {
      await shop.orders.send({ card: `${SECRET}-${i}`, mode: i % 2 === 0 ? 'ok' : 'fail' });
    }
    backend.enabled = true;
    // Bodies the JSON codec cannot decode: Node's JSON.parse quotes the text it choked on.
    await sendRaw('orders', SECRET);
    await sendRaw('orders', `${SECRET} and more text after it`);
    await sendRaw('orders', `{"card": ${SECRET}}`);
    await sendRaw('events', JSON.stringify({ card: SECRET }), 'unknown');
    await run(60);
  }

  it('logs no body at info, warn or error level', async () => {
    await exercise();
    const levels = new Set(logger.lines.map((l) => l.level));
    // The run did go through the paths that log: failures, retries, dead letters, faults.
    expect([...levels]).toEqual(expect.arrayContaining(['log', 'warn', 'error']));
    const leaks = logger.infoAndAbove.filter((l) => l.text.includes(MARK));
    expect(leaks).toEqual([]);
  });

  it('logs no body at debug level either, unless logMessageBodies is on', async () => {
    await exercise();
    // Nest's default logger prints debug lines: bodies appear only when asked for (see
    // test/module/consumer-logging.e2e.spec.ts for logMessageBodies).
    expect(logger.lines.filter((l) => l.text.includes(MARK))).toEqual([]);
  });
});

describe('log hygiene: the JSON codec', () => {
  it.each([
    ['a bare word', SECRET],
    ['a long text', `${SECRET} and more text after it`],
    ['a broken object', `{"card": ${SECRET}}`],
    ['a truncated object', `{"card": "${SECRET}`],
  ])('does not quote %s it cannot decode in its error', (_what, body) => {
    let message = '';
    try {
      new JsonCodec().decode(body);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^The body is not valid JSON/);
    expect(message).not.toContain(MARK);
  });
});

describe('log hygiene: the HTTP emulator at its default log level', () => {
  it('logs no body at info level, in either protocol', async () => {
    const lines: string[] = [];
    const logger = createConsoleLogger('info', {
      out: (line) => lines.push(line),
      err: (line) => lines.push(line),
    });
    const server = await startSqsServer({ port: 0, logger });
    try {
      await jsonRequest(server.url, 'CreateQueue', { QueueName: 'q' });
      const queueUrl = `${server.url}/000000000000/q`;
      await jsonRequest(server.url, 'SendMessage', { QueueUrl: queueUrl, MessageBody: SECRET });
      await queryRequest(
        server.url,
        `Action=SendMessage&QueueUrl=${encodeURIComponent(queueUrl)}&MessageBody=${SECRET}`,
      );
      await jsonRequest(server.url, 'SendMessage', { QueueUrl: queueUrl, MessageBody: 7 });
      await jsonRequest(server.url, 'ReceiveMessage', { QueueUrl: queueUrl });
    } finally {
      await server.close();
    }
    expect(lines.filter((l) => l.includes(MARK))).toEqual([]);
  });
});

import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsTestHarness, SqsTestingModule } from '../../src/testing';
import { CapturingLogger } from '../support/capturing-logger';
import { KIT_START_TIME } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

const BODY = 'card 4111-1111-1111-1111';

@Injectable()
class Payments {
  attempts = 0;

  @SqsHandler('payments', { backoff: () => 1 })
  async onPayment(message: SqsMessage<{ card: string }>): Promise<void> {
    this.attempts++;
    if (message.body.card) throw new Error('card declined');
  }
}

describe('consumer logging, with Nest’s own logger', () => {
  let app: TestingModule;
  let logger: CapturingLogger;

  async function boot(logMessageBodies?: boolean): Promise<void> {
    logger = new CapturingLogger();
    app = await Test.createTestingModule({
      imports: [
        // No 'logger' option: the module logs through Nest's Logger.
        SqsTestingModule.forRoot({
          startTime: KIT_START_TIME,
          logMessageBodies,
          queues: {
            payments: { deadLetter: { queue: 'payments-dlq', maxReceiveCount: 3 } },
            'payments-dlq': {},
          },
        }),
      ],
      providers: [Payments],
    }).compile();
    // Every Nest logger of the app, its exception handler's included, writes here.
    app.useLogger(logger);
    await app.init();
    const sqs = app.get(SqsTestHarness);
    await sqs.send('payments', { card: BODY });
    const payments = app.get(Payments);
    await turnUntil(sqs, () => payments.attempts === 1, 'the first attempt');
    await sqs.advance(1_000);
    await turnUntil(sqs, () => payments.attempts === 2, 'the second attempt');
  }

  afterEach(() => app.close());

  it('logs one warning per failed attempt, and the stack once', async () => {
    await boot();
    const failures = logger.lines.filter((l) => l.text.includes('card declined'));

    expect(failures.map((l) => l.level)).toEqual(['warn', 'warn']);
    expect(failures.every((l) => l.context === 'SqsModule')).toBe(true);
    // The first attempt's line carries the stack; the same failure again does not repeat it.
    expect(failures[0].text).toMatch(/\n\s+at .*onPayment/);
    expect(failures[1].text).not.toContain('\n');
    expect(logger.lines.filter((l) => l.context === 'ExceptionsHandler')).toEqual([]);
  });

  it('logs no body at any level unless asked to', async () => {
    await boot();
    expect(logger.lines.filter((l) => l.text.includes(BODY))).toEqual([]);
  });

  it('logs bodies at debug level with logMessageBodies', async () => {
    await boot(true);
    const withBody = logger.lines.filter((l) => l.text.includes(BODY));
    expect(withBody.length).toBe(2);
    expect(withBody.every((l) => l.level === 'debug')).toBe(true);
  });
});

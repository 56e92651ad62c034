import { Injectable } from '@nestjs/common';
import type { ReceiveMessageRequest, ReceiveMessageResult } from '@aws-sdk/client-sqs';
import { Test, type TestingModule } from '@nestjs/testing';
import { FaultInjectingSqsBackend } from '../../src/backend/fault-injecting-sqs.backend';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsModule } from '../../src/module/sqs.module';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import type { SqsCallOptions } from '../../src/port/sqs-port.interface';

/** How late the port below answers an abort (real ms): later than a stop waits for it. */
const LATE_ABORT_MS = 1_600;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A network between the app and SQS whose aborts arrive late (a slow proxy, a socket torn down
 * late): the server's long poll goes on for `LATE_ABORT_MS` after the caller aborts it, and the
 * caller's promise settles only then.
 */
class LateAborts extends FaultInjectingSqsBackend {
  constructor(inner: SqsEmulator) {
    super(inner, { rate: 0 });
  }

  override receiveMessage(
    input: ReceiveMessageRequest,
    options?: SqsCallOptions,
  ): Promise<ReceiveMessageResult> {
    const connection = new AbortController();
    options?.abortSignal?.addEventListener(
      'abort',
      () => setTimeout(() => connection.abort(), LATE_ABORT_MS),
      { once: true },
    );
    return super.receiveMessage(input, { abortSignal: connection.signal });
  }
}

@Injectable()
class Worker {
  readonly handled: number[] = [];

  @SqsHandler('work')
  async onWork(message: SqsMessage<{ n: number }>): Promise<void> {
    this.handled.push(message.body.n);
  }
}

describe('a consumer restarted while an aborted receive is still answering', () => {
  let app: TestingModule;

  afterEach(() => app.close());

  it('polls again once the late abort lands, and handles what is sent', async () => {
    // The clock never moves: long polls end only when they are aborted or satisfied.
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const emulator = new SqsEmulator({ clock });
    const { QueueUrl } = await emulator.createQueue({ QueueName: 'work' });
    app = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: new LateAborts(emulator),
          clock,
          logger: false,
          queues: { work: {} },
        }),
      ],
      providers: [Worker],
    }).compile();
    await app.init();
    const consumers = app.get(SqsConsumers);

    await consumers.stop();
    await consumers.start();
    await sleep(LATE_ABORT_MS + 200);
    for (let n = 1; n <= 5; n++) {
      await emulator.sendMessage({ QueueUrl, MessageBody: JSON.stringify({ n }) });
    }
    const worker = app.get(Worker);
    for (let i = 0; i < 100 && worker.handled.length < 5; i++) await sleep(10);

    expect(worker.handled.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(consumers.status()[0]).toMatchObject({ state: 'running', receiving: 1 });
  });
});

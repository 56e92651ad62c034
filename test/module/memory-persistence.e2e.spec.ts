import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsModule } from '../../src/module/sqs.module';
import { tempDataDir } from '../support/persistence/restartable-emulator';

@Injectable()
class Work {
  readonly bodies: unknown[] = [];

  @SqsHandler('work')
  async onWork(message: SqsMessage<unknown>): Promise<void> {
    this.bodies.push(message.body);
  }
}

/** An app on the memory backend with `persistence`: its queues outlive the app. */
describe('memory backend with a data directory', () => {
  const data = tempDataDir();
  let warnings: string[];
  const logger = {
    log: () => undefined,
    warn: (line: string) => warnings.push(line),
    error: () => undefined,
  };
  afterAll(() => data.remove());
  beforeEach(() => {
    warnings = [];
  });

  async function boot(autoStartup: boolean): Promise<TestingModule> {
    const app = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'memory',
          emulator: { persistence: { dir: data.dir } },
          logger,
          autoStartup,
          queues: { work: { attributes: { VisibilityTimeout: '5' } } },
        }),
      ],
      providers: [Work],
    }).compile();
    await app.init();
    return app;
  }

  it('keeps the messages of one run of the app for the next, and drops none at close', async () => {
    const first = await boot(false);
    const emulator = first.get(SqsEmulator);
    expect(emulator.persistence?.dir).toBe(data.dir);
    for (const body of ['{"n":1}', '{"n":2}']) {
      await emulator.sendMessage({ QueueUrl: emulator.queueUrlOf('work'), MessageBody: body });
    }
    await first.close();
    expect(warnings.filter((w) => /Discarding/.test(w))).toEqual([]);

    // The same directory again, in the same process: the first app released it at close.
    const second = await boot(true);
    const work = second.get(Work);
    for (let turn = 0; work.bodies.length < 2 && turn < 20_000; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(work.bodies).toEqual([{ n: 1 }, { n: 2 }]);
    await second.close();
    const third = await boot(false);
    expect(third.get(SqsEmulator).peekMessages('work')).toEqual([]);
    await third.close();
  });
});

import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsModuleOptions } from '../../src/interfaces/sqs-module-options.interface';
import { SqsModule } from '../../src/module/sqs.module';
import { advance, until } from './support/virtual-time';

@Injectable()
class Stuck {
  started = 0;

  @SqsHandler('work')
  async onWork(): Promise<void> {
    this.started++;
    await new Promise(() => undefined);
  }
}

/**
 * Stopping an app on the memory backend ends its messages with the process: the logs say so,
 * never that they will become visible again.
 */
describe('memory backend: what a stop says about the messages it drops', () => {
  let warnings: string[];
  const logger = {
    log: () => undefined,
    warn: (line: string) => warnings.push(line),
    error: () => undefined,
  };

  beforeEach(() => {
    warnings = [];
  });

  async function boot(
    options: Partial<SqsModuleOptions>,
    providers: never[] = [],
  ): Promise<TestingModule> {
    const app = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'memory',
          logger,
          queues: { work: {}, other: {} },
          ...options,
        }),
      ],
      providers,
    }).compile();
    await app.init();
    return app;
  }

  it('warns at close how many messages of its own emulator are discarded, per queue', async () => {
    const app = await boot({ autoStartup: false });
    const emulator = app.get(SqsEmulator);
    for (const [queue, n] of [
      ['work', 3],
      ['other', 1],
    ] as const) {
      for (let i = 0; i < n; i++) {
        await emulator.sendMessage({
          QueueUrl: emulator.queueUrlOf(queue) as string,
          MessageBody: '{}',
        });
      }
    }
    await app.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Discarding 4 message\(s\)/);
    expect(warnings[0]).toContain("'work': 3");
    expect(warnings[0]).toContain("'other': 1");
  });

  it('says nothing of an emulator it was given (its owner keeps it)', async () => {
    const emulator = new SqsEmulator();
    const app = await boot({ emulator, autoStartup: false });
    await emulator.sendMessage({
      QueueUrl: emulator.queueUrlOf('work') as string,
      MessageBody: '{}',
    });
    await app.close();
    expect(warnings).toEqual([]);
  });

  it('does not promise redelivery of a handler it gives up on at shutdown', async () => {
    const clock = new ManualClock();
    const emulator = new SqsEmulator({ clock });
    const app = await boot({ emulator, shutdownTimeoutMs: 100 }, [Stuck as never]);
    await emulator.sendMessage({
      QueueUrl: emulator.queueUrlOf('work') as string,
      MessageBody: '{}',
    });
    await until(clock, () => app.get(Stuck).started === 1, 'the handler');
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    for (let i = 0; i < 100 && !closed; i++) await advance(clock, 100);
    await closing;
    const gaveUp = warnings.find((w) => w.includes('still running'));
    expect(gaveUp).toBeDefined();
    expect(gaveUp).not.toMatch(/visible again/);
    expect(gaveUp).toMatch(/in memory/);
  });
});

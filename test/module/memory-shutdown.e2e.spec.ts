import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsModuleOptions } from '../../src/module/sqs-module-options.interface';
import { SqsModule } from '../../src/module/sqs.module';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

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

  /**
   * Built directly, not on the testing kit: what is pinned here is the memory backend with an
   * emulator of its own versus one it was given, and the kit always gives one.
   */
  async function boot(options: Partial<SqsModuleOptions>): Promise<TestingModule> {
    const app = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'memory',
          logger,
          queues: { work: {}, other: {} },
          ...options,
        }),
      ],
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
    // The kit's emulator is one the module was given, as in the test above.
    const { app, sqs } = await compileKitApp(
      { logger, shutdownTimeoutMs: 100, queues: { work: {}, other: {} } },
      [Stuck],
    );
    await app.init();
    await sqs.send('work', {});
    await turnUntil(sqs, () => app.get(Stuck).started === 1, 'the handler');
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    for (let i = 0; i < 100 && !closed; i++) await sqs.advance(100);
    await closing;
    const gaveUp = warnings.find((w) => w.includes('still running'));
    expect(gaveUp).toBeDefined();
    expect(gaveUp).not.toMatch(/visible again/);
    expect(gaveUp).toMatch(/in memory/);
  });
});

import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import type { SqsTestHarness } from '../../src/testing';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

/** Handlers that never return, with and without a timeout. */
@Injectable()
class Stuck {
  started = 0;
  readonly release: Array<() => void> = [];

  @SqsHandler('plain')
  onPlain(): Promise<void> {
    return this.hang();
  }

  @SqsHandler('timed', { timeoutMs: 1_000 })
  onTimed(): Promise<void> {
    return this.hang();
  }

  private hang(): Promise<void> {
    this.started++;
    return new Promise((resolve) => this.release.push(resolve));
  }
}

describe('a handler that does not return', () => {
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let warnings: string[];

  beforeEach(async () => {
    warnings = [];
    ({ app, sqs } = await compileKitApp(
      {
        logger: {
          log: () => undefined,
          warn: (l: string) => warnings.push(l),
          error: () => undefined,
        },
        queues: { plain: {}, timed: {} },
      },
      [Stuck],
    ));
    await app.init();
  });

  afterEach(async () => {
    for (const release of app.get(Stuck).release) release();
    await sqs.advance(0);
    await app.close();
  });

  async function minutes(n: number): Promise<void> {
    for (let i = 0; i < n * 2; i++) await sqs.advance(30_000);
  }

  it('is reported once it has run 10 minutes without a timeoutMs', async () => {
    await sqs.send('plain', {});
    await turnUntil(sqs, () => app.get(Stuck).started === 1, 'the handler');
    await minutes(9);
    expect(warnings.filter((w) => w.includes('onPlain'))).toEqual([]);
    await minutes(2);
    const stuck = warnings.filter((w) => w.includes('onPlain'));
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatch(/running for 10 min/);
    expect(stuck[0]).toMatch(/no timeoutMs/);
    await minutes(20);
    expect(warnings.filter((w) => w.includes('onPlain'))).toHaveLength(1);
    const plain = app
      .get(SqsConsumers)
      .status()
      .find((s) => s.queue === 'plain');
    expect(plain?.longestRunningMs).toBeGreaterThanOrEqual(31 * 60_000);
  });

  it('is reported a minute after its timeout if it ignores its signal', async () => {
    await sqs.send('timed', {});
    await turnUntil(sqs, () => app.get(Stuck).started === 1, 'the handler');
    await sqs.advance(1_000);
    expect(warnings.filter((w) => w.includes('onTimed'))).toHaveLength(1); // the timeout itself
    await minutes(1);
    const late = warnings.filter((w) => w.includes('onTimed'));
    expect(late).toHaveLength(2);
    expect(late[1]).toMatch(/still running 60 s after its timeout/);
    expect(late[1]).toMatch(/message\.signal/);
  });
});

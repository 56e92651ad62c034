import { Injectable } from '@nestjs/common';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { Clock } from '../../src/clock/clock.interface';
import type { SqsModuleOptions } from '../../src/module/sqs-module-options.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { getProducerToken } from '../../src/tokens/get-producer-token.util';
import { SqsModuleSetup } from '../../src/module/sqs-module.setup';
import { SQS_METRICS } from '../../src/observability';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import { OtelTestEnv } from '../support/observability/otel-env';
import { createTracedApp, type TracedApp } from '../support/observability/traced-app';

interface Job {
  id: number;
  fail?: boolean;
  /** Virtual ms the handler takes. */
  takes?: number;
}

let clock: Clock;
let release: (() => void) | undefined;

@Injectable()
class JobsHandler {
  @SqsHandler('jobs', { backoff: () => 1 })
  async onJob(message: SqsMessage<Job>): Promise<void> {
    const { id, fail, takes } = message.body;
    if (takes) await new Promise((resolve) => clock.setTimer(() => resolve(undefined), takes));
    if (message.body.id === 99) await new Promise<void>((resolve) => (release = resolve));
    if (fail) throw new TypeError(`job ${id} failed`);
  }
}

const QUEUES: SqsModuleOptions['queues'] = {
  jobs: { deadLetter: { queue: 'jobs-dlq', maxReceiveCount: 2 } },
  'jobs-dlq': {},
};
const JOBS = { 'messaging.destination.name': 'jobs', 'messaging.system': 'aws_sqs' };
const HANDLER = { ...JOBS, 'code.function.name': 'JobsHandler.onJob' };

describe('metrics', () => {
  let env: OtelTestEnv;
  let t: TracedApp;

  async function boot(options: Partial<SqsModuleOptions> = {}): Promise<void> {
    t = await createTracedApp({ queues: QUEUES, ...options }, [JobsHandler]);
    clock = t.app.get(SqsModuleSetup).backend.clock;
  }

  const send = (job: Job, delaySeconds?: number) =>
    t.app.get<SqsProducer<Job>>(getProducerToken('jobs')).send(job, { delaySeconds });

  beforeEach(() => {
    env = new OtelTestEnv().installMetrics();
  });

  afterEach(async () => {
    release?.();
    release = undefined;
    await t.close();
    await env.uninstall();
  });

  it('counts messages sent, received and processed, by queue and handler', async () => {
    await boot();
    await send({ id: 1 });
    await send({ id: 2 });
    await t.sqs.waitFor('jobs', (j: Job) => j.id === 2);
    await t.sqs.waitForIdle();
    expect(
      await env.reader.value(SQS_METRICS.sent, { ...JOBS, 'messaging.operation.name': 'send' }),
    ).toBe(2);
    expect(
      await env.reader.value(SQS_METRICS.received, {
        ...JOBS,
        'messaging.operation.name': 'receive',
      }),
    ).toBe(2);
    expect(await env.reader.value(SQS_METRICS.processed, HANDLER)).toBe(2);
  });

  it('counts failed attempts and dead-lettered messages with error.type', async () => {
    await boot();
    await send({ id: 1, fail: true });
    await t.sqs.waitFor('jobs', () => true, { outcome: 'dead-lettered' });
    const failure = { ...HANDLER, 'error.type': 'TypeError' };
    expect(await env.reader.value(SQS_METRICS.failed, failure)).toBe(2);
    expect(await env.reader.value(SQS_METRICS.deadLettered, failure)).toBe(1);
    expect(await env.reader.value(SQS_METRICS.processed, HANDLER)).toBeUndefined();
  });

  it('counts a send that fails with its error.type', async () => {
    await boot();
    await expect(
      t.app.get<SqsProducer<Job>>(getProducerToken('jobs')).send({ id: 1 }, { delaySeconds: 901 }),
    ).rejects.toThrow();
    expect(
      await env.reader.value(SQS_METRICS.sent, { ...JOBS, 'error.type': 'InvalidMessageError' }),
    ).toBe(1);
  });

  it('records the handler duration in seconds', async () => {
    await boot();
    await send({ id: 1, takes: 1_500 });
    await t.sqs.waitFor('jobs', () => true);
    const histogram = await env.reader.histogram(SQS_METRICS.processDuration, HANDLER);
    expect(histogram).toMatchObject({ count: 1, sum: 1.5 });
  });

  it('records the duration of a failed call with error.type', async () => {
    await boot();
    await send({ id: 1, fail: true, takes: 200 });
    await t.sqs.waitFor('jobs', () => true, { outcome: 'failed' });
    const histogram = await env.reader.histogram(SQS_METRICS.processDuration, {
      ...HANDLER,
      'error.type': 'TypeError',
    });
    expect(histogram).toMatchObject({ count: 1, sum: 0.2 });
  });

  it('records send → processed latency, delays and handler time included', async () => {
    await boot();
    await send({ id: 1, takes: 500 }, 5);
    await t.sqs.waitFor('jobs', () => true);
    const histogram = await env.reader.histogram(SQS_METRICS.latency, HANDLER);
    expect(histogram).toMatchObject({ count: 1, sum: 5.5 });
  });

  it('observes the messages a consumer holds as in flight', async () => {
    await boot();
    await send({ id: 99 });
    await t.sqs.advance(0);
    expect(release).toBeDefined();
    expect(await env.reader.value(SQS_METRICS.inFlight, JOBS)).toBe(1);
    release?.();
    await t.sqs.waitFor('jobs', () => true);
    expect(await env.reader.value(SQS_METRICS.inFlight, JOBS)).toBe(0);
  });

  it('records nothing with metrics: false', async () => {
    await boot({ metrics: false });
    await send({ id: 1 });
    await t.sqs.waitFor('jobs', () => true);
    expect((await env.reader.collect()).resourceMetrics.scopeMetrics).toEqual([]);
  });

  it('rejects a metrics option that is not a boolean', async () => {
    await expect(boot({ metrics: 'on' as never })).rejects.toThrow(
      "Invalid SqsModule options: 'metrics' must be true or false, got on.",
    );
    t = { close: () => Promise.resolve() } as TracedApp;
  });
});

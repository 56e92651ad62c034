import { Controller, Get, Injectable, type INestApplication } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsModuleOptions } from '../../src/module/sqs-module-options.interface';
import { SqsModule } from '../../src/module/sqs.module';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import { SqsHealthIndicator } from '../../src/module';

@Injectable()
class Handlers {
  @SqsHandler('orders')
  async onOrder(): Promise<void> {}

  @SqsHandler('reports')
  async onReport(): Promise<void> {}
}

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly sqs: SqsHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.sqs.isHealthy('sqs')]);
  }
}

const QUEUES: SqsModuleOptions['queues'] = {
  orders: { deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 } },
  'orders-dlq': {},
  reports: { consumer: { autoStartup: false } },
};

describe('SqsHealthIndicator', () => {
  let emulator: SqsEmulator;
  let module: TestingModule;
  let hang = false;

  async function boot(backend: SqsModuleOptions['backend'] = 'memory'): Promise<TestingModule> {
    module = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend,
          ...(backend === 'memory' ? { emulator } : {}),
          logger: false,
          queues: QUEUES,
        }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController],
      providers: [Handlers],
    }).compile();
    module.useLogger(false);
    await module.init();
    return module;
  }

  const indicator = () => module.get(SqsHealthIndicator);
  const deleteQueue = (name: string) =>
    emulator.deleteQueue({ QueueUrl: emulator.queueUrlOf(name) as string });

  beforeEach(() => {
    emulator = new SqsEmulator({ clock: new ManualClock(Date.UTC(2026, 0, 1)) });
    hang = false;
  });

  afterEach(() => module.close());

  it('reports up when every queue answers and every auto-started consumer runs', async () => {
    await boot();
    expect(await indicator().isHealthy()).toEqual({
      sqs: {
        status: 'up',
        queues: {
          orders: { status: 'up' },
          'orders-dlq': { status: 'up' },
          reports: { status: 'up' },
        },
        consumers: { orders: { status: 'up', state: 'running' } },
      },
    });
  });

  it('reports down, naming the queue and the SQS error, when a queue is deleted', async () => {
    await boot();
    await deleteQueue('orders-dlq');
    const { sqs } = await indicator().isHealthy();
    expect(sqs.status).toBe('down');
    expect(sqs.queues['orders-dlq']).toEqual({
      status: 'down',
      error: 'The specified queue does not exist.',
    });
    expect(sqs.queues.orders).toEqual({ status: 'up' });
  });

  it('reports down when a consumer that should run is stopped', async () => {
    await boot();
    await module.get(SqsConsumers).stop('orders');
    const { sqs } = await indicator().isHealthy();
    expect(sqs.status).toBe('down');
    expect(sqs.consumers.orders).toEqual({ status: 'down', state: 'stopped' });
  });

  it('checks the consumers it is given, including ones started by hand', async () => {
    await boot();
    const { sqs } = await indicator().isHealthy('sqs', { consumers: ['orders', 'reports'] });
    expect(sqs.consumers.reports).toEqual({ status: 'down', state: 'stopped' });
  });

  it('reports a listed queue that no handler consumes', async () => {
    await boot();
    const { sqs } = await indicator().isHealthy('sqs', { consumers: ['orders-dlq'] });
    expect(sqs.consumers['orders-dlq']).toEqual({
      status: 'down',
      error: 'no @SqsHandler consumes this queue',
    });
  });

  it('checks only the queues it is given, under the key it is given', async () => {
    await boot();
    await deleteQueue('reports');
    const result = await indicator().isHealthy('queues', { queues: ['orders'], consumers: [] });
    expect(result).toEqual({
      queues: { status: 'up', queues: { orders: { status: 'up' } }, consumers: {} },
    });
  });

  it('reports a queue that does not answer in time', async () => {
    const port = new Proxy(emulator, {
      get(target, property, receiver) {
        if (property === 'getQueueAttributes' && hang) return () => new Promise(() => undefined);
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await boot(port);
    hang = true;
    const { sqs } = await indicator().isHealthy('sqs', { queues: ['orders'], timeoutMs: 20 });
    expect(sqs.queues.orders).toEqual({ status: 'down', error: 'no answer within 20 ms' });
  });

  describe('in a terminus /health endpoint', () => {
    let app: INestApplication;

    async function getHealth(): Promise<{ status: number; body: Record<string, unknown> }> {
      const response = await fetch(`${await app.getUrl()}/health`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    beforeEach(async () => {
      app = (await boot()).createNestApplication({ logger: false });
      await app.listen(0, '127.0.0.1');
    });

    afterEach(() => app.close());

    it('answers 200 with the SQS details while healthy', async () => {
      const { status, body } = await getHealth();
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', info: { sqs: { status: 'up' } } });
    });

    it('answers 503 with the failing queue once a queue is deleted', async () => {
      await deleteQueue('orders');
      const { status, body } = await getHealth();
      expect(status).toBe(503);
      expect(body).toMatchObject({
        status: 'error',
        error: { sqs: { status: 'down', queues: { orders: { status: 'down' } } } },
      });
    });
  });
});

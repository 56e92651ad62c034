import { Inject, Injectable, Module, Scope } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { REQUEST } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { InvalidSqsOptionsError } from '../../src/errors/invalid-sqs-options.error';
import type {
  SqsModuleOptions,
  SqsOptionsFactory,
} from '../../src/module/sqs-module-options.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SQS_PORT } from '../../src/tokens/sqs.constants';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import { SqsModule } from '../../src/module/sqs.module';
import { SqsQueues } from '../../src/module/sqs-queues.service';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import { SqsTestHarness, SqsTesting } from '../../src/testing';

@Injectable()
class Notifier {
  constructor(@InjectSqsProducer('notifications') readonly producer: SqsProducer<{ to: string }>) {}
}

@Injectable()
class NotificationsHandler {
  readonly seen: string[] = [];

  @SqsHandler('notifications')
  async onNotification(message: SqsMessage<{ to: string }>): Promise<void> {
    this.seen.push(message.body.to);
  }
}

let instances = 0;
const requests: unknown[] = [];

@Injectable({ scope: Scope.REQUEST })
class PerMessageHandler {
  readonly id = ++instances;

  constructor(@Inject(REQUEST) request: unknown) {
    requests.push(request);
  }

  @SqsHandler('notifications')
  async onNotification(): Promise<void> {
    requests.push(`handled by ${this.id}`);
  }
}

const clock = new ManualClock(Date.UTC(2026, 0, 1));

@Injectable()
class OptionsFromClass implements SqsOptionsFactory {
  createSqsOptions(): SqsModuleOptions {
    return { backend: 'memory', emulator: { clock }, logger: false, queues: { notifications: {} } };
  }
}

@Module({ providers: [OptionsFromClass], exports: [OptionsFromClass] })
class OptionsModule {}

type Metadata = Parameters<typeof Test.createTestingModule>[0];

/**
 * The application's module as written, on the testing kit: its options are computed as usual
 * (forRoot, forRootAsync with ConfigService, useClass, useExisting), then put on the kit's
 * emulator and virtual clock.
 */
async function boot(metadata: Metadata): Promise<TestingModule> {
  return init(await SqsTesting.createTestingModule(metadata).compile());
}

/**
 * Built directly, without the kit: for what the kit replaces (a ready emulator instance) or
 * supplies (a backend), which those tests pin.
 */
async function bootWithoutKit(metadata: Metadata): Promise<TestingModule> {
  return init(await Test.createTestingModule(metadata).compile());
}

async function init(app: TestingModule): Promise<TestingModule> {
  app.useLogger(false);
  await app.init();
  return app;
}

describe('module configuration', () => {
  let app: TestingModule | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('takes its options from ConfigService in forRootAsync, autoStartup included', async () => {
    app = await boot({
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          load: [() => ({ SQS_AUTO_STARTUP: 'false', QUEUE: 'notify-v1' })],
        }),
        SqsModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            backend: 'memory',
            logger: false,
            autoStartup: config.get('SQS_AUTO_STARTUP') !== 'false',
            queues: { notifications: { name: config.get<string>('QUEUE') } },
          }),
        }),
      ],
      providers: [Notifier, NotificationsHandler],
    });
    expect(app.get(SqsQueues).get('notifications').physicalName).toBe('notify-v1');
    expect(app.get(SqsConsumers).status()[0].state).toBe('stopped');
    await app.get(Notifier).producer.send({ to: 'ann' });
    await app.get(SqsConsumers).start();
    const sqs = app.get(SqsTestHarness);
    await sqs.waitFor('notifications', (n: { to: string }) => n.to === 'ann', {
      advanceClock: false,
    });
    expect(app.get(NotificationsHandler).seen).toEqual(['ann']);
  });

  it('builds its options with useClass', async () => {
    app = await boot({
      imports: [SqsModule.forRootAsync({ useClass: OptionsFromClass })],
      providers: [Notifier],
    });
    expect(app.get(SqsQueues).names).toEqual(['notifications']);
  });

  it('builds its options with useExisting from an imported module', async () => {
    app = await boot({
      imports: [
        SqsModule.forRootAsync({ imports: [OptionsModule], useExisting: OptionsFromClass }),
      ],
      providers: [Notifier],
    });
    await app.get(Notifier).producer.send({ to: 'bob' });
    expect(app.get(SqsTestHarness).messages('notifications')).toHaveLength(1);
  });

  it('shares a ready emulator instance, also injectable as SqsEmulator and SQS_PORT', async () => {
    const emulator = new SqsEmulator({ clock });
    app = await bootWithoutKit({
      imports: [
        SqsModule.forRoot({
          backend: 'memory',
          emulator,
          logger: false,
          queues: { notifications: {} },
        }),
      ],
    });
    expect(app.get(SqsEmulator)).toBe(emulator);
    expect(app.get(SQS_PORT)).toBe(emulator);
    expect(emulator.queueUrlOf('notifications')).toBe(app.get(SqsQueues).url('notifications'));
  });

  it('rejects forRootAsync without a factory', () => {
    expect(() => SqsModule.forRootAsync({})).toThrow(InvalidSqsOptionsError);
  });

  it('rejects options without a backend', async () => {
    const error = await bootWithoutKit({
      imports: [SqsModule.forRoot({ queues: {} } as unknown as SqsModuleOptions)],
    }).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      "Invalid SqsModule options: 'backend' is required: 'memory', 'aws', an SQSClient-like object or an SqsPort.",
    );
  });

  describe('request-scoped handlers', () => {
    beforeEach(() => {
      instances = 0;
      requests.length = 0;
    });

    it('get a new instance per message, with the message as REQUEST', async () => {
      app = await boot({
        imports: [
          SqsModule.forRoot({ backend: 'memory', logger: false, queues: { notifications: {} } }),
        ],
        providers: [PerMessageHandler],
      });
      const sqs = app.get(SqsTestHarness);
      const to = (name: string) => (n: { to: string }) => n.to === name;
      await sqs.send('notifications', { to: 'a' });
      await sqs.waitFor('notifications', to('a'), { advanceClock: false });
      expect(requests).toHaveLength(2);
      await sqs.send('notifications', { to: 'b' });
      await sqs.waitFor('notifications', to('b'), { advanceClock: false });
      expect(requests).toHaveLength(4);
      expect((requests[0] as SqsMessage<{ to: string }>).body).toEqual({ to: 'a' });
      expect((requests[2] as SqsMessage<{ to: string }>).body).toEqual({ to: 'b' });
      expect([requests[1], requests[3]]).toEqual([
        `handled by ${instances - 1}`,
        `handled by ${instances}`,
      ]);
    });
  });
});

import type { FactoryProvider, Provider } from '@nestjs/common';
import { SqsEvents } from '../consumer/sqs-events';
import { SqsEmulator } from '../emulator/sqs-emulator';
import { InvalidSqsOptionsError } from '../errors/invalid-sqs-options.error';
import { INVALID_MODULE_OPTIONS } from '../errors/sqs.messages';
import type {
  SqsModuleAsyncOptions,
  SqsModuleOptions,
  SqsOptionsFactory,
} from './sqs-module-options.interface';
import { SqsTelemetry } from './sqs-telemetry.service';
import { SqsProducer } from '../producer/sqs-producer';
import { getProducerToken } from '../tokens/get-producer-token.util';
import { SQS_MODULE_OPTIONS, SQS_PORT } from '../tokens/sqs.constants';
import { SqsQueues } from './sqs-queues.service';
import { SqsModuleSetup } from './sqs-module.setup';

/** The options provider of `forRoot`. */
export function createOptionsProvider(options: SqsModuleOptions): Provider {
  return { provide: SQS_MODULE_OPTIONS, useValue: options };
}

/** The options providers of `forRootAsync` (factory, class or existing provider). */
export function createAsyncOptionsProviders(options: SqsModuleAsyncOptions): Provider[] {
  if (options.useFactory) {
    return [
      {
        provide: SQS_MODULE_OPTIONS,
        useFactory: options.useFactory as (
          ...args: unknown[]
        ) => SqsModuleOptions | Promise<SqsModuleOptions>,
        inject: options.inject ?? [],
      },
    ];
  }
  const factoryClass = options.useClass ?? options.useExisting;
  if (!factoryClass) {
    throw new InvalidSqsOptionsError(
      INVALID_MODULE_OPTIONS("forRootAsync needs 'useFactory', 'useClass' or 'useExisting'."),
    );
  }
  const fromFactory: FactoryProvider = {
    provide: SQS_MODULE_OPTIONS,
    useFactory: (factory: SqsOptionsFactory) => factory.createSqsOptions(),
    inject: [factoryClass],
  };
  return options.useClass
    ? [fromFactory, { provide: options.useClass, useClass: options.useClass }]
    : [fromFactory];
}

/** The providers every module instance has, given its options provider. */
export function createCoreProviders(): Provider[] {
  return [
    {
      provide: SqsModuleSetup,
      useFactory: (options: SqsModuleOptions) => SqsModuleSetup.create(options),
      inject: [SQS_MODULE_OPTIONS],
    },
    {
      provide: SQS_PORT,
      useFactory: (setup: SqsModuleSetup) => setup.backend.port,
      inject: [SqsModuleSetup],
    },
    {
      provide: SqsEmulator,
      // Undefined on other backends: injecting it there (with @Optional) gives nothing.
      useFactory: (setup: SqsModuleSetup) => setup.backend.emulator,
      inject: [SqsModuleSetup],
    },
    {
      provide: SqsQueues,
      useFactory: (setup: SqsModuleSetup) => setup.queues,
      inject: [SqsModuleSetup],
    },
    { provide: SqsEvents, useFactory: () => new SqsEvents() },
  ];
}

/** The producer of one logical queue, under `getProducerToken(queue)`. */
export function createProducerProvider(queue: string): FactoryProvider {
  return {
    provide: getProducerToken(queue),
    useFactory: (setup: SqsModuleSetup, telemetry: SqsTelemetry) => {
      const resolved = setup.queues.find(queue);
      return new SqsProducer(
        queue,
        resolved ?? (() => setup.queues.get(queue, `SqsProducer '${queue}'`)),
        // A queue that did not resolve fails at boot; its producer is never called.
        resolved?.port ?? setup.backend.port,
        telemetry,
      );
    },
    inject: [SqsModuleSetup, SqsTelemetry],
  };
}

import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { SqsEvents } from '../consumer/sqs-events';
import { SqsEmulator } from '../emulator/sqs-emulator';
import { SqsHealthIndicator } from './sqs-health.indicator';
import { SqsTelemetry } from './sqs-telemetry.service';
import type { SqsModuleAsyncOptions, SqsModuleOptions } from './sqs-module-options.interface';
import { getProducerToken } from '../tokens/get-producer-token.util';
import { injectedProducerQueues } from '../tokens/injected-producers.registry';
import { SqsExplorer } from './sqs.explorer';
import {
  createAsyncOptionsProviders,
  createCoreProviders,
  createOptionsProvider,
  createProducerProvider,
} from './sqs.providers';
import { SqsRegistrar } from './sqs.registrar';
import { SQS_PORT } from '../tokens/sqs.constants';
import { SqsConsumers } from './sqs-consumers.service';
import { SqsDashboardMounter } from './sqs-dashboard.mounter';
import { SqsHandlerInvokerFactory } from './sqs-handler-invoker.factory';
import { SqsMetadataAccessor } from './sqs-metadata.accessor';
import { SqsQueues } from './sqs-queues.service';
import { SqsModuleSetup } from './sqs-module.setup';

const SERVICES: Provider[] = [
  SqsMetadataAccessor,
  SqsExplorer,
  SqsHandlerInvokerFactory,
  SqsConsumers,
  SqsRegistrar,
  SqsDashboardMounter,
  SqsTelemetry,
  SqsHealthIndicator,
];
const EXPORTS = [
  SqsConsumers,
  SqsEvents,
  SqsQueues,
  SqsEmulator,
  SqsModuleSetup,
  SQS_PORT,
  SqsHealthIndicator,
];

/**
 * Amazon SQS for Nest: one producer per declared queue, `@SqsHandler` consumers, and a choice of
 * backend (`memory`, `aws`, or your own client). Global: import it once, in the root module.
 *
 * @example
 * SqsModule.forRoot({ backend: 'memory', queues: { orders: {} } })
 */
@Module({})
export class SqsModule {
  static forRoot(options: SqsModuleOptions): DynamicModule {
    const declared = Object.keys(options?.queues ?? {});
    return assemble([createOptionsProvider(options)], [], declared);
  }

  /**
   * Options from a factory, e.g. with `ConfigService`:
   * `forRootAsync({ imports: [ConfigModule], inject: [ConfigService], useFactory: (c) => ({…}) })`.
   */
  static forRootAsync(options: SqsModuleAsyncOptions): DynamicModule {
    return assemble(
      [...createAsyncOptionsProviders(options), ...(options.extraProviders ?? [])],
      options.imports ?? [],
      options.producers ?? [],
    );
  }
}

/**
 * Producers are registered for the declared queues and for every queue named by an
 * `@InjectSqsProducer` anywhere. Nest reads `providers`/`exports` when it scans the module, after
 * every file has been loaded, so the getters see injections made in files imported after the
 * module was configured.
 */
function assemble(
  optionProviders: Provider[],
  imports: NonNullable<DynamicModule['imports']>,
  known: readonly string[],
): DynamicModule {
  const producerQueues = () => [...new Set([...known, ...injectedProducerQueues()])];
  return {
    module: SqsModule,
    global: true,
    imports: [DiscoveryModule, ...imports],
    get providers(): Provider[] {
      return [
        ...optionProviders,
        ...createCoreProviders(),
        ...SERVICES,
        ...producerQueues().map(createProducerProvider),
      ];
    },
    get exports() {
      return [...EXPORTS, ...producerQueues().map(getProducerToken)];
    },
  };
}

import { Logger } from '@nestjs/common';
import { createSqsBackend, type SqsBackend } from '../backend/create-sqs-backend';
import { InvalidSqsOptionsError } from '../errors/invalid-sqs-options.error';
import { SqsBackendSetupError } from '../errors/sqs-backend-setup.error';
import { INVALID_MODULE_OPTIONS } from '../errors/sqs.messages';
import type { SqsConsumerOptions } from '../interfaces/sqs-consumer-options.interface';
import type { SqsLogger } from '../interfaces/sqs-logger.interface';
import type { SqsModuleOptions } from './sqs-module-options.interface';
import { resolveQueues } from './sqs-queue.resolver';
import { SqsQueues } from './sqs-queues.service';

/** Default of `messageTypeAttribute`. */
export const DEFAULT_MESSAGE_TYPE_ATTRIBUTE = 'messageType';
/** Default of `shutdownTimeoutMs`. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * One module instance's resolved state: validated options, the backend, the resolved queues and
 * the logger. Built once, at boot, by the `SqsModuleSetup` provider; everything else reads it.
 */
export class SqsModuleSetup {
  private constructor(
    readonly options: SqsModuleOptions,
    readonly backend: SqsBackend,
    readonly queues: SqsQueues,
    readonly logger: SqsLogger | undefined,
  ) {}

  static async create(options: SqsModuleOptions): Promise<SqsModuleSetup> {
    validateModuleOptions(options);
    const logger =
      options.logger === false ? undefined : (options.logger ?? new Logger('SqsModule'));
    const backend = createSqsBackend(options);
    try {
      const messageTypeAttribute = options.messageTypeAttribute ?? DEFAULT_MESSAGE_TYPE_ATTRIBUTE;
      const { resolved, failures } = await resolveQueues({
        queues: options.queues,
        portFor: (queue) => backend.portFor(queue),
        createByDefault: backend.createByDefault,
        messageTypeAttribute,
        logger,
        endpoint: endpointOf(options),
      });
      // No queue can resolve when SQS itself is out of reach: say why once, at once.
      for (const failure of failures.values()) {
        if (failure instanceof SqsBackendSetupError) throw failure;
      }
      const queues = new SqsQueues(resolved, failures, Object.keys(options.queues));
      return new SqsModuleSetup(options, backend, queues, logger);
    } catch (error) {
      await backend.dispose();
      throw error;
    }
  }

  get autoStartup(): boolean {
    return this.options.autoStartup ?? true;
  }

  get shutdownTimeoutMs(): number {
    return this.options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  }

  get consumerDefaults(): SqsConsumerOptions {
    return this.options.consumer ?? {};
  }
}

/** The endpoint set for the `aws` backend, if a plain one is (for error messages). */
function endpointOf(options: SqsModuleOptions): string | undefined {
  const endpoint = options.aws?.endpoint ?? process.env.AWS_ENDPOINT_URL_SQS;
  return typeof endpoint === 'string' ? endpoint : undefined;
}

function validateModuleOptions(options: SqsModuleOptions | undefined): void {
  const invalid = (reason: string) => new InvalidSqsOptionsError(INVALID_MODULE_OPTIONS(reason));
  if (!options || typeof options !== 'object') throw invalid('no options given.');
  if (options.backend === undefined) {
    throw invalid(
      "'backend' is required: 'memory', 'aws', an SQSClient-like object or an SqsPort.",
    );
  }
  if (!options.queues || typeof options.queues !== 'object') {
    throw invalid("'queues' is required: an object of logical queue names to their options.");
  }
  const timeout = options.shutdownTimeoutMs;
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout < 0)) {
    throw invalid(`'shutdownTimeoutMs' must be a number >= 0, got ${String(timeout)}.`);
  }
  const attribute = options.messageTypeAttribute;
  if (attribute !== undefined && !/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,255}$/.test(attribute)) {
    throw invalid(`'messageTypeAttribute' '${attribute}' is not a valid message attribute name.`);
  }
  if (options.backend !== 'memory' && options.emulator !== undefined) {
    throw invalid("'emulator' applies to backend 'memory' only.");
  }
}

import { SQSClient } from '@aws-sdk/client-sqs';
import { type Clock, SystemClock } from '../emulator/clock';
import { SqsEmulator } from '../emulator/sqs-emulator';
import { InvalidSqsOptionsError } from '../errors/invalid-sqs-options.error';
import { INVALID_MODULE_OPTIONS } from '../errors/sqs.messages';
import type { SqsClientLike, SqsModuleOptions } from '../interfaces/sqs-module-options.interface';
import type { SqsPort } from '../port/sqs-port.interface';
import { AwsSqsBackend } from './aws-sqs.backend';

/** The backend a module instance talks to, with what it owns. */
export interface SqsBackend {
  readonly port: SqsPort;
  /** The in-process emulator, on `memory`. */
  readonly emulator: SqsEmulator | undefined;
  /** The clock consumers schedule on (the emulator's on `memory`, unless one is given). */
  readonly clock: Clock;
  /** Whether queues are created when missing by default (true on `memory`). */
  readonly createByDefault: boolean;
  /** Releases what the module created (an SQSClient it built); never a user's client. */
  dispose(): void;
}

/** Builds the backend named by the module options. */
export function createSqsBackend(
  options: Pick<SqsModuleOptions, 'backend' | 'aws' | 'emulator' | 'clock'>,
): SqsBackend {
  const backend = options.backend;
  if (backend === 'memory') {
    const emulator =
      options.emulator instanceof SqsEmulator
        ? options.emulator
        : new SqsEmulator({ clock: options.clock, ...(options.emulator ?? {}) });
    return {
      port: emulator,
      emulator,
      clock: options.clock ?? emulator.clock,
      createByDefault: true,
      dispose: () => undefined,
    };
  }
  const clock = options.clock ?? new SystemClock();
  if (backend === 'aws') {
    const client = new SQSClient(options.aws ?? {});
    return {
      port: new AwsSqsBackend(client),
      emulator: undefined,
      clock,
      createByDefault: false,
      dispose: () => client.destroy(),
    };
  }
  if (isClientLike(backend)) {
    return {
      port: new AwsSqsBackend(backend),
      emulator: undefined,
      clock,
      createByDefault: false,
      dispose: () => undefined,
    };
  }
  if (isPort(backend)) {
    return {
      port: backend,
      emulator: backend instanceof SqsEmulator ? backend : undefined,
      clock: options.clock ?? (backend instanceof SqsEmulator ? backend.clock : clock),
      createByDefault: backend instanceof SqsEmulator,
      dispose: () => undefined,
    };
  }
  throw new InvalidSqsOptionsError(
    INVALID_MODULE_OPTIONS(
      `'backend' must be 'memory', 'aws', an SQSClient-like object (with send()) or an SqsPort; got ${describe(backend)}.`,
    ),
  );
}

function isClientLike(value: unknown): value is SqsClientLike {
  return typeof (value as SqsClientLike | undefined)?.send === 'function';
}

function isPort(value: unknown): value is SqsPort {
  const port = value as Partial<SqsPort> | undefined;
  return (
    typeof port?.receiveMessage === 'function' &&
    typeof port.sendMessage === 'function' &&
    typeof port.deleteMessageBatch === 'function'
  );
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  return typeof value;
}

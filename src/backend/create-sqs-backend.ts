import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { type Clock } from '../clock/clock.interface';
import { SystemClock } from '../clock/system-clock';
import { SqsEmulator } from '../emulator/sqs-emulator';
import { InvalidSqsOptionsError } from '../errors/invalid-sqs-options.error';
import { INVALID_MODULE_OPTIONS } from '../errors/sqs.messages';
import type { SqsClientLike } from '../interfaces/sqs-queue-options.interface';
import type { SqsBackendOptions } from './sqs-backend-options.interface';
import type { SqsQueueOptions } from '../interfaces/sqs-queue-options.interface';
import type { SqsPort } from '../port/sqs-port.interface';
import { AwsSqsBackend } from './aws-sqs.backend';

/** {@link SqsBackend.receiveAbortGraceMs} over a network: several round trips to SQS. */
export const NETWORK_RECEIVE_ABORT_GRACE_MS = 500;

/** The backend a module instance talks to, with what it owns. */
export interface SqsBackend {
  readonly port: SqsPort;
  /** The in-process emulator, on `memory`. */
  readonly emulator: SqsEmulator | undefined;
  /** The clock consumers schedule on (the emulator's on `memory`, unless one is given). */
  readonly clock: Clock;
  /** Whether queues are created when missing by default (true on `memory`). */
  readonly createByDefault: boolean;
  /**
   * How long a receive sent just before a shutdown may run on before it is aborted. Over a
   * network an abort can race a response that has already taken messages (they would then stay
   * in flight until their visibility timeout), so a young receive, likely returning, is let
   * finish and its messages are put back. Real milliseconds, whatever the clock: it measures a
   * network. 0 where an abort is exact: the in-process emulator.
   */
  readonly receiveAbortGraceMs: number;
  /**
   * Whether messages live only in this process (the in-memory emulator without `persistence`): a
   * message held when the process ends is gone, rather than visible again after its visibility
   * timeout.
   */
  readonly inProcess: boolean;
  /** Whether the module created the emulator (so it ends with the module, and says what it drops). */
  readonly ownsEmulator: boolean;
  /**
   * The port a queue's calls go to: the backend's own, or one for the queue's `aws` config or
   * `client` (on network backends; on `memory` every queue is in the one emulator). Clients
   * built here are released by `dispose`.
   */
  portFor(queue: SqsQueueOptions): SqsPort;
  /**
   * Releases what the module created (SQSClients it built, the emulator it made, whose data
   * directory it closes); never a user's client or emulator.
   */
  dispose(): Promise<void>;
}

type BackendCore = Omit<SqsBackend, 'portFor'>;

/** Builds the backend named by the module options, with the per-queue connections it serves. */
export function createSqsBackend(options: SqsBackendOptions): SqsBackend {
  validateAwsTransport(options);
  const core = createCore(options);
  if (core.emulator && core.port === core.emulator) return { ...core, portFor: () => core.port };
  // Clients built for queues' own configs, one per config object, released with the backend.
  const built = new Map<object, SQSClient>();
  const wrapped = new Map<object, SqsPort>();
  return {
    ...core,
    portFor(queue) {
      const key = queue.client ?? queue.aws;
      if (key === undefined) return core.port;
      let port = wrapped.get(key);
      if (!port) {
        if (queue.client) {
          port = new AwsSqsBackend(queue.client);
        } else {
          const base = options.backend === 'aws' ? (options.aws ?? {}) : {};
          const config = { ...base, ...queue.aws };
          const own = new SQSClient(config);
          built.set(key, own);
          port = awsPort(own, config, options);
        }
        wrapped.set(key, port);
      }
      return port;
    },
    dispose() {
      for (const client of built.values()) client.destroy();
      built.clear();
      return core.dispose();
    },
  };
}

function createCore(options: SqsBackendOptions): BackendCore {
  const backend = options.backend;
  if (backend === 'memory') {
    const given = options.emulator instanceof SqsEmulator;
    const emulator =
      options.emulator instanceof SqsEmulator
        ? options.emulator
        : new SqsEmulator({ clock: options.clock, ...(options.emulator ?? {}) });
    return {
      port: emulator,
      emulator,
      clock: options.clock ?? emulator.clock,
      createByDefault: true,
      receiveAbortGraceMs: 0,
      // With a data directory, messages outlive the process, as they would on SQS.
      inProcess: emulator.persistence === undefined,
      ownsEmulator: !given,
      // The emulator the module made ends with it (its data directory is closed, not dropped).
      dispose: () => (given ? Promise.resolve() : emulator.close()),
    };
  }
  const clock = options.clock ?? new SystemClock();
  if (backend === 'aws') {
    const config = options.aws ?? {};
    const client = new SQSClient(config);
    return {
      port: awsPort(client, config, options),
      emulator: undefined,
      clock,
      createByDefault: false,
      receiveAbortGraceMs: NETWORK_RECEIVE_ABORT_GRACE_MS,
      inProcess: false,
      ownsEmulator: false,
      dispose: () => {
        client.destroy();
        return Promise.resolve();
      },
    };
  }
  if (isClientLike(backend)) {
    return {
      port: new AwsSqsBackend(backend),
      emulator: undefined,
      clock,
      createByDefault: false,
      receiveAbortGraceMs: NETWORK_RECEIVE_ABORT_GRACE_MS,
      inProcess: false,
      ownsEmulator: false,
      dispose: () => Promise.resolve(),
    };
  }
  if (isPort(backend)) {
    return {
      port: backend,
      emulator: backend instanceof SqsEmulator ? backend : undefined,
      clock: options.clock ?? (backend instanceof SqsEmulator ? backend.clock : clock),
      createByDefault: backend instanceof SqsEmulator,
      receiveAbortGraceMs: backend instanceof SqsEmulator ? 0 : NETWORK_RECEIVE_ABORT_GRACE_MS,
      inProcess: backend instanceof SqsEmulator && backend.persistence === undefined,
      ownsEmulator: false,
      dispose: () => Promise.resolve(),
    };
  }
  throw new InvalidSqsOptionsError(
    INVALID_MODULE_OPTIONS(
      `'backend' must be 'memory', 'aws', an SQSClient-like object (with send()) or an SqsPort; got ${describe(backend)}.`,
    ),
  );
}

/**
 * The port over a client the backend built (from `config`): the SDK's commands, or on
 * `backend: 'aws'` with `awsTransport: 'lean'` the lean transport, when it loads.
 */
function awsPort(client: SQSClient, config: SQSClientConfig, options: SqsBackendOptions): SqsPort {
  if (options.backend !== 'aws' || options.awsTransport !== 'lean') {
    return new AwsSqsBackend(client);
  }
  const lean = leanTransportModule();
  if (lean instanceof Error) {
    if (!leanFailureReported) {
      leanFailureReported = true;
      (config.logger?.warn ? config.logger : console).warn(LEAN_TRANSPORT_UNAVAILABLE(lean));
    }
    return new AwsSqsBackend(client);
  }
  return new lean.LeanSqsBackend(client);
}

/** The lean transport's entry module. */
type LeanTransportModule = typeof import('./lean/lean-sqs.backend');

/** The lean transport's module once loaded, or why it would not load. */
let leanModule: LeanTransportModule | Error | undefined;
/** Whether a module failing to load has been reported (once per process: it stays so). */
let leanFailureReported = false;

/**
 * Loads the lean transport on first use: it reads SDK internals a newer SDK may change, and a
 * process that does not choose it (`'sdk'`, `memory`, a ready client or port) should not depend
 * on them even to start. A module that fails to load leaves the SDK transport in its place.
 */
function leanTransportModule(): LeanTransportModule | Error {
  if (leanModule === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when chosen, see above
      leanModule = require('./lean/lean-sqs.backend') as LeanTransportModule;
    } catch (error) {
      leanModule = error instanceof Error ? error : new Error(String(error));
    }
  }
  return leanModule;
}

/** The warning when the lean transport's module does not load. */
function LEAN_TRANSPORT_UNAVAILABLE(error: Error): string {
  return (
    `nestjs-sqs-kit: awsTransport: 'lean' is unavailable (${error.message}); calls go through ` +
    `the SDK, as with awsTransport: 'sdk'. The installed @aws-sdk/client-sqs may have changed ` +
    `something the lean transport relies on: please report it with its version.`
  );
}

function validateAwsTransport(options: SqsBackendOptions): void {
  const transport: unknown = options.awsTransport;
  if (transport === undefined || transport === 'sdk' || transport === 'lean') return;
  throw new InvalidSqsOptionsError(
    INVALID_MODULE_OPTIONS(`'awsTransport' must be 'sdk' or 'lean'; got ${describe(transport)}.`),
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

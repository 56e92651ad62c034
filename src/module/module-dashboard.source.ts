import type { SqsEvents } from '../consumer/sqs-events';
import type { SqsEmulator } from '../emulator/sqs-emulator';
import type { SqsConsumers } from './sqs-consumers.service';
import type { SqsQueues } from './sqs-queues.service';
import type { SqsPort } from '../port/sqs-port.interface';
import type {
  DashboardActivityListener,
  DashboardConsumers,
  DashboardQueueRef,
  DashboardSource,
  PeekerLookup,
} from '../dashboard/dashboard-source.interface';
import type {
  DashboardConsumerError,
  DashboardConsumerView,
  DashboardHandlerView,
  DashboardMessageFailure,
  DashboardQueueCounts,
} from '../dashboard/dashboard-views.interface';
import { notFound } from '../dashboard/dashboard.error';
import { ArrivalEstimator } from '../dashboard/sources/arrival-estimator';
import { describeError } from '../dashboard/sources/describe-error';
import { emulatorActivity } from '../dashboard/sources/emulator-activity';
import { emulatorCounts } from '../dashboard/sources/emulator-counts';
import { EmulatorPeeker } from '../dashboard/sources/emulator-peeker';
import { emulatorQueueRef } from '../dashboard/sources/emulator-queue-ref';
import { DEFAULT_FAILURE_LOG_CAPACITY, FailureLog } from './dashboard-failure-log';
import { HttpInspectionPeeker } from '../dashboard/sources/http-inspection-peeker';
import { portCounts } from '../dashboard/sources/port-counts';

/** What an application's dashboard reads: the module's services. */
export interface ModuleDashboardSourceOptions {
  /** Shown in the header: `memory`, `aws`… */
  readonly backend: string;
  readonly port: SqsPort;
  /** The in-process emulator (memory backend). */
  readonly emulator: SqsEmulator | undefined;
  readonly queues: SqsQueues;
  readonly consumers: SqsConsumers;
  readonly events: SqsEvents;
  /** The SQS endpoint of an `aws` backend, if set: probed for our emulator's inspection API. */
  readonly endpoint: () => Promise<string | undefined>;
  /** Wall clock of "last error" times and of count polls. Default `Date.now`. */
  readonly now?: () => number;
}

const REAL_SQS_REASON =
  'Amazon SQS cannot show a message without receiving it (a receive hides the message from ' +
  'consumers and counts towards its dead-letter limit), so only counts are shown here.';
const NOT_OUR_EMULATOR = (endpoint: string) =>
  `${endpoint} does not serve the nestjs-sqs-kit emulator's inspection API, and SQS cannot show ` +
  'a message without receiving it, so only counts are shown here.';
// A failed probe is retried after this long: the emulator may start after the app.
const PROBE_RETRY_MS = 30_000;

/**
 * The queues, consumers and events of an application's SqsModule. Queue ids are logical names;
 * a dead-letter queue given only by ARN is shown under its queue name. On the memory backend the
 * emulator's other queues (created by other clients through the SQS endpoint the app may serve)
 * follow the declared ones, under their names; on `aws` only the declared queues are listed, so
 * that the dashboard never calls ListQueues on an account unasked. Peeks go to the emulator
 * in-process (memory backend) or through the inspection API of an emulator the `aws` backend
 * points at; on Amazon SQS there is no peeking, only counts.
 *
 * The last failed attempt of each recently failed message is remembered (see {@link FailureLog})
 * to show why a message was dead-lettered.
 *
 * Throughput: on the memory backend every send and delete is seen as it happens. Elsewhere the
 * backend reports no sends, so "in" is estimated from the counts (see {@link ArrivalEstimator})
 * and "out" is what this application's consumers processed.
 */
export class ModuleDashboardSource implements DashboardSource {
  readonly consumers: DashboardConsumers;
  readonly arrivals: 'counted' | 'estimated';
  private readonly estimator = new ArrivalEstimator();
  private readonly activityListeners = new Set<DashboardActivityListener>();
  private refs: Promise<DashboardQueueRef[]> | undefined;
  private probe: { at: number; lookup: Promise<PeekerLookup> } | undefined;
  private readonly lastErrors = new Map<string, DashboardConsumerError>();
  /** The last failure per queue and handler (`queue\u0000handler`). */
  private readonly handlerErrors = new Map<string, DashboardConsumerError>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly now: () => number;
  private readonly failures: FailureLog;

  constructor(private readonly options: ModuleDashboardSourceOptions) {
    this.now = options.now ?? Date.now;
    this.arrivals = options.emulator ? 'counted' : 'estimated';
    this.consumers = this.consumerControl();
    this.failures = new FailureLog(DEFAULT_FAILURE_LOG_CAPACITY, this.now);
    this.unsubscribe.push(
      this.failures.listen(options.events),
      options.events.on('messageProcessed', ({ queue }) => {
        if (options.emulator) return;
        const name = options.queues.find(queue)?.physicalName;
        if (name !== undefined) this.estimator.processedOne(name);
      }),
      options.events.on('messageFailed', ({ queue, handler, message, error }) => {
        const lastError: DashboardConsumerError = {
          message: describeError(error),
          ...(handler !== undefined ? { handler } : {}),
          messageId: message.id,
          at: this.now(),
        };
        this.lastErrors.set(queue, lastError);
        if (handler !== undefined) this.handlerErrors.set(`${queue}\u0000${handler}`, lastError);
      }),
      options.events.on('error', ({ queue, operation, error }) =>
        this.lastErrors.set(queue, {
          message: `${operation}: ${describeError(error)}`,
          at: this.now(),
        }),
      ),
    );
  }

  get backend(): string {
    return this.options.backend;
  }

  get port(): SqsPort {
    return this.options.port;
  }

  async queues(): Promise<DashboardQueueRef[]> {
    // Declared queues are resolved once at boot; only dead-letter queues named by ARN alone
    // need a GetQueueUrl, retried on the next call if it failed.
    const refs = (this.refs ??= this.resolveRefs());
    void refs.catch(() => (this.refs = undefined));
    const declared = await refs;
    const { emulator } = this.options;
    // The emulator's queues come and go as other clients create and delete them: read each time.
    return emulator ? [...declared, ...otherEmulatorQueues(emulator, declared)] : declared;
  }

  lastFailure(messageId: string): DashboardMessageFailure | undefined {
    return this.failures.of(messageId);
  }

  async counts(
    queues: readonly DashboardQueueRef[],
  ): Promise<Map<string, DashboardQueueCounts | Error>> {
    const { emulator, port } = this.options;
    if (emulator) return emulatorCounts(emulator, queues);
    const startedAt = this.now();
    const processed = this.estimator.processedSoFar();
    const counts = await portCounts(port, queues);
    for (const a of this.estimator.observe(queues, counts, startedAt, processed)) {
      for (const listener of this.activityListeners) {
        listener(a.queueName, 'sent', { count: a.count, since: a.since });
      }
    }
    return counts;
  }

  peeker(): Promise<PeekerLookup> {
    const { emulator } = this.options;
    if (emulator) return Promise.resolve({ peeker: new EmulatorPeeker(emulator) });
    const now = this.now();
    if (!this.probe || now - this.probe.at >= PROBE_RETRY_MS) {
      const lookup = this.probeEndpoint();
      this.probe = { at: now, lookup };
      // A found emulator stays found; only a miss is retried later.
      void lookup.then((l) => {
        if (l.peeker && this.probe?.lookup === lookup) this.probe.at = Number.POSITIVE_INFINITY;
      });
    }
    return this.probe.lookup;
  }

  onActivity(listener: DashboardActivityListener): () => void {
    const { emulator, events, queues } = this.options;
    if (emulator) return emulatorActivity(emulator, listener);
    // Without the emulator only what this app's consumers delete is seen one by one; arrivals
    // are estimated when the counts are polled.
    this.activityListeners.add(listener);
    const off = events.on('messageProcessed', ({ queue }) => {
      const name = queues.find(queue)?.physicalName;
      if (name !== undefined) listener(name, 'deleted');
    });
    return () => {
      off();
      this.activityListeners.delete(listener);
    };
  }

  dispose(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private async resolveRefs(): Promise<DashboardQueueRef[]> {
    const { queues, port } = this.options;
    const refs: DashboardQueueRef[] = [];
    for (const id of queues.names) {
      const q = queues.find(id);
      if (!q) continue;
      refs.push({
        id,
        name: q.physicalName,
        url: q.url,
        arn: q.arn,
        fifo: q.fifo,
        declared: true,
        ...(q.port !== port ? { port: q.port } : {}),
        ...(q.deadLetterTargetArn !== undefined
          ? { deadLetterTargetArn: q.deadLetterTargetArn, maxReceiveCount: q.maxReceiveCount }
          : {}),
      });
    }
    const known = new Set(refs.map((r) => r.arn));
    const ids = new Set(refs.map((r) => r.id));
    for (const source of refs.slice()) {
      const arn = source.deadLetterTargetArn;
      if (arn === undefined || known.has(arn)) continue;
      const [, , , , account, name] = arn.split(':');
      if (!name) continue;
      // A dead-letter queue lives where its source queue does (one region and account).
      const { QueueUrl } = await (source.port ?? port).getQueueUrl({
        QueueName: name,
        ...(account ? { QueueOwnerAWSAccountId: account } : {}),
      });
      if (!QueueUrl) continue;
      refs.push({
        id: ids.has(name) ? arn : name,
        name,
        url: QueueUrl,
        arn,
        fifo: name.endsWith('.fifo'),
        ...(source.port ? { port: source.port } : {}),
      });
      known.add(arn);
    }
    return refs;
  }

  private async probeEndpoint(): Promise<PeekerLookup> {
    const endpoint = await this.options.endpoint();
    if (endpoint === undefined) return { reason: REAL_SQS_REASON };
    const peeker = await HttpInspectionPeeker.probe(endpoint);
    return peeker ? { peeker } : { reason: NOT_OUR_EMULATOR(endpoint) };
  }

  private consumerControl(): DashboardConsumers {
    const { consumers } = this.options;
    const check = (queue: string) => {
      if (!consumers.queues.includes(queue)) {
        throw notFound('NoConsumer', `No handler consumes queue '${queue}'.`);
      }
    };
    return {
      status: () =>
        consumers.status().map((s): DashboardConsumerView => {
          const lastError = this.lastErrors.get(s.queue);
          return {
            queue: s.queue,
            state: s.state,
            handlers: s.handlers,
            handlerStats: s.byHandler.map((h): DashboardHandlerView => {
              const error = this.handlerErrors.get(`${s.queue}\u0000${h.handler}`);
              return { ...h, ...(error ? { lastError: error } : {}) };
            }),
            concurrency: s.concurrency,
            inFlight: s.inFlight,
            running: s.running,
            processed: s.processed,
            failed: s.failed,
            ...(lastError ? { lastError } : {}),
          };
        }),
      start: async (queue) => {
        check(queue);
        await consumers.start(queue);
      },
      stop: async (queue) => {
        check(queue);
        await consumers.stop(queue);
      },
    };
  }
}

/**
 * The emulator's queues the app did not declare, by name. One whose name is already an id (a
 * logical name of a declared queue) is shown under its ARN, as dead-letter queues are.
 */
function otherEmulatorQueues(
  emulator: SqsEmulator,
  declared: readonly DashboardQueueRef[],
): DashboardQueueRef[] {
  const known = new Set(declared.map((r) => r.arn));
  const ids = new Set(declared.map((r) => r.id));
  return emulator
    .inspectQueues()
    .filter((q) => !known.has(q.arn))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((q) => emulatorQueueRef(q, ids.has(q.name) ? q.arn : q.name));
}

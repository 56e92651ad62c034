import type { QueueAttributeName } from '@aws-sdk/client-sqs';
import { backendSetupProblem } from '../backend/backend-setup-problem';
import { InvalidSqsOptionsError } from '../errors/invalid-sqs-options.error';
import { QueueNotDeclaredError } from '../errors/queue-not-declared.error';
import { QueueNotFoundError } from '../errors/queue-not-found.error';
import { QueueSetupError } from '../errors/queue-setup.error';
import { SqsBackendSetupError } from '../errors/sqs-backend-setup.error';
import {
  DEAD_LETTER_CYCLE,
  DEAD_LETTER_DIFFERS,
  INVALID_QUEUE_OPTIONS,
  QUEUE_ATTRIBUTES_DIFFER,
  QUEUE_SETUP_FAILED,
} from '../errors/sqs.messages';
import type { SqsCodec } from '../interfaces/sqs-codec.interface';
import type { SqsLogger } from '../interfaces/sqs-logger.interface';
import type { SqsQueueOptions } from '../interfaces/sqs-queue-options.interface';
import type { SqsResolvedQueue } from '../interfaces/sqs-resolved-queue.interface';
import type { SqsPort } from '../port/sqs-port.interface';
import { JsonCodec } from '../producer/json.codec';

/** How the module will find (or create) one queue. */
interface QueuePlan {
  readonly name: string;
  readonly physicalName: string;
  readonly url: string | undefined;
  readonly fifo: boolean;
  readonly create: boolean;
  readonly options: SqsQueueOptions;
  /** Where this queue's calls go. */
  readonly port: SqsPort;
  /** Logical name of the dead-letter queue, when it is declared here. */
  readonly deadLetterQueue: string | undefined;
  readonly deadLetterArn: string | undefined;
}

export interface QueueResolution {
  readonly resolved: Map<string, SqsResolvedQueue>;
  readonly failures: Map<string, Error>;
}

export interface ResolveQueuesInput {
  readonly queues: Readonly<Record<string, SqsQueueOptions>>;
  /** The port of each queue (the backend's, or the queue's own `aws`/`client`). */
  readonly portFor: (queue: SqsQueueOptions) => SqsPort;
  readonly createByDefault: boolean;
  readonly messageTypeAttribute: string;
  readonly logger: SqsLogger | undefined;
  /** The endpoint the backend calls, when one is set (for error messages). */
  readonly endpoint?: string;
}

const DEFAULT_CODEC = new JsonCodec();

/**
 * Validates the queue declarations (throwing `InvalidSqsOptionsError` for a bad one), then finds
 * or creates every queue, dead-letter queues before the queues that use them. A queue that cannot
 * be resolved is reported in `failures` (boot names its users); the others still resolve.
 */
export async function resolveQueues(input: ResolveQueuesInput): Promise<QueueResolution> {
  const plans = planQueues(input.queues, input.createByDefault, input.portFor);
  checkDeadLetterCycles(plans);
  const resolved = new Map<string, SqsResolvedQueue>();
  const failures = new Map<string, Error>();
  const pending = new Map<string, Promise<SqsResolvedQueue>>();
  const resolveOne = (name: string): Promise<SqsResolvedQueue> => {
    let promise = pending.get(name);
    if (!promise) {
      const plan = plans.get(name) as QueuePlan;
      promise = (async () => {
        let deadLetterArn = plan.deadLetterArn;
        if (plan.deadLetterQueue !== undefined) {
          try {
            deadLetterArn = (await resolveOne(plan.deadLetterQueue)).arn;
          } catch (error) {
            if (error instanceof SqsBackendSetupError) throw error;
            throw new QueueSetupError(
              name,
              QUEUE_SETUP_FAILED(
                name,
                plan.physicalName,
                'set up',
                `its dead-letter queue '${plan.deadLetterQueue}' could not be resolved (${(error as Error).message})`,
              ),
              error,
            );
          }
        }
        return resolvePlan(plan, deadLetterArn, input);
      })();
      pending.set(name, promise);
    }
    return promise;
  };
  await Promise.all(
    [...plans.keys()].map(async (name) => {
      try {
        resolved.set(name, await resolveOne(name));
      } catch (error) {
        failures.set(name, error as Error);
      }
    }),
  );
  // Keep declaration order, so SqsQueues lists queues as the user wrote them.
  const ordered = new Map<string, SqsResolvedQueue>();
  for (const name of plans.keys()) {
    const queue = resolved.get(name);
    if (queue) ordered.set(name, queue);
  }
  return { resolved: ordered, failures };
}

function planQueues(
  queues: Readonly<Record<string, SqsQueueOptions>>,
  createByDefault: boolean,
  portFor: (queue: SqsQueueOptions) => SqsPort,
): Map<string, QueuePlan> {
  const declared = Object.keys(queues);
  const plans = new Map<string, QueuePlan>();
  for (const name of declared) {
    const options = queues[name] ?? {};
    const invalid = (reason: string) =>
      new InvalidSqsOptionsError(INVALID_QUEUE_OPTIONS(name, reason));
    if (options.name !== undefined && options.url !== undefined) {
      throw invalid("give 'name' or 'url', not both");
    }
    if (options.url !== undefined && !/^https?:\/\//.test(options.url)) {
      throw invalid(`'url' must be an http(s) URL, got '${options.url}'`);
    }
    const fromUrl = options.url
      ? decodeURIComponent(options.url.replace(/\/+$/, '').split('/').pop() ?? '')
      : undefined;
    const named = options.name ?? fromUrl;
    const fifo = Boolean(options.fifo) || (named ?? name).endsWith('.fifo');
    const physicalName = named ?? (fifo && !name.endsWith('.fifo') ? `${name}.fifo` : name);
    if (options.fifo === false && physicalName.endsWith('.fifo')) {
      throw invalid(`'fifo: false' contradicts the FIFO name '${physicalName}'`);
    }
    if (fifo && !physicalName.endsWith('.fifo')) {
      throw invalid(`FIFO queue names end in '.fifo'; '${physicalName}' does not`);
    }
    if (options.codec !== undefined && !isCodec(options.codec)) {
      throw invalid("'codec' must have encode(body) and decode(text)");
    }
    let deadLetterQueue: string | undefined;
    let deadLetterArn: string | undefined;
    if (options.deadLetter !== undefined) {
      const { queue, maxReceiveCount } = options.deadLetter;
      if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
        throw invalid(
          `'deadLetter.maxReceiveCount' must be an integer from 1 to 1000, got ${String(maxReceiveCount)}`,
        );
      }
      if (typeof queue === 'string' && queue.startsWith('arn:')) deadLetterArn = queue;
      else if (typeof queue === 'string' && queue in queues) deadLetterQueue = queue;
      else {
        throw new QueueNotDeclaredError(
          String(queue),
          `the 'deadLetter' option of queue '${name}'`,
          declared,
        );
      }
      if (deadLetterQueue === name)
        throw new InvalidSqsOptionsError(DEAD_LETTER_CYCLE([name, name]));
    }
    plans.set(name, {
      name,
      physicalName,
      url: options.url,
      fifo,
      create: options.create ?? createByDefault,
      options,
      port: portFor(options),
      deadLetterQueue,
      deadLetterArn,
    });
  }
  for (const plan of plans.values()) {
    const target = plan.deadLetterQueue ? plans.get(plan.deadLetterQueue) : undefined;
    if (target && target.port !== plan.port) {
      throw new InvalidSqsOptionsError(
        INVALID_QUEUE_OPTIONS(
          plan.name,
          `its dead-letter queue '${target.name}' is reached through another client ('aws' or ` +
            `'client'); SQS needs a dead-letter queue in the same region and account as its queue`,
        ),
      );
    }
    if (target && target.fifo !== plan.fifo) {
      throw new InvalidSqsOptionsError(
        INVALID_QUEUE_OPTIONS(
          plan.name,
          `its dead-letter queue '${target.name}' must be ${plan.fifo ? 'a FIFO' : 'a standard'} queue too`,
        ),
      );
    }
  }
  return plans;
}

function checkDeadLetterCycles(plans: Map<string, QueuePlan>): void {
  for (const start of plans.keys()) {
    const path = [start];
    let next = plans.get(start)?.deadLetterQueue;
    while (next !== undefined) {
      if (path.includes(next)) throw new InvalidSqsOptionsError(DEAD_LETTER_CYCLE([...path, next]));
      path.push(next);
      next = plans.get(next)?.deadLetterQueue;
    }
  }
}

async function resolvePlan(
  plan: QueuePlan,
  deadLetterArn: string | undefined,
  input: ResolveQueuesInput,
): Promise<SqsResolvedQueue> {
  const { port } = plan;
  const fail = (step: string, error: unknown): Error => {
    const setup = backendSetupProblem(error, input.endpoint);
    if (setup !== undefined) return new SqsBackendSetupError(setup, error);
    return new QueueSetupError(
      plan.name,
      QUEUE_SETUP_FAILED(plan.name, plan.physicalName, step, reasonOf(error)),
      error,
    );
  };
  let url = plan.url;
  if (plan.create) {
    try {
      const out = await port.createQueue({
        QueueName: plan.physicalName,
        Attributes: creationAttributes(plan, deadLetterArn),
        ...(plan.options.tags ? { tags: { ...plan.options.tags } } : {}),
      });
      url = url ?? out.QueueUrl;
    } catch (error) {
      if (isNameExists(error)) {
        throw new QueueSetupError(
          plan.name,
          QUEUE_ATTRIBUTES_DIFFER(plan.name, plan.physicalName, reasonOf(error)),
          error,
        );
      }
      throw fail('create', error);
    }
  } else if (url === undefined) {
    try {
      url = (await port.getQueueUrl({ QueueName: plan.physicalName })).QueueUrl;
    } catch (error) {
      if (isQueueMissing(error)) throw new QueueNotFoundError(plan.name, plan.physicalName);
      throw fail('find', error);
    }
  }
  if (!url) throw fail('find', new Error('SQS returned no QueueUrl'));
  let attributes: Partial<Record<string, string>>;
  try {
    const out = await port.getQueueAttributes({ QueueUrl: url, AttributeNames: ['All'] });
    attributes = out.Attributes ?? {};
  } catch (error) {
    if (isQueueMissing(error)) throw new QueueNotFoundError(plan.name, plan.physicalName);
    throw fail('read the attributes of', error);
  }
  const redrive = parseRedrive(attributes.RedrivePolicy);
  const declared = plan.options.deadLetter;
  if (
    !plan.create &&
    declared &&
    (redrive?.deadLetterTargetArn !== deadLetterArn ||
      redrive?.maxReceiveCount !== declared.maxReceiveCount)
  ) {
    input.logger?.warn(
      DEAD_LETTER_DIFFERS(
        plan.name,
        `${deadLetterArn ?? String(declared.queue)} (maxReceiveCount ${declared.maxReceiveCount})`,
        redrive
          ? `targets ${redrive.deadLetterTargetArn} (maxReceiveCount ${redrive.maxReceiveCount})`
          : 'is not set',
      ),
    );
  }
  const fifo = attributes.FifoQueue === 'true' || plan.fifo;
  return {
    name: plan.name,
    physicalName: plan.physicalName,
    url,
    arn: attributes.QueueArn ?? '',
    fifo,
    contentBasedDeduplication: attributes.ContentBasedDeduplication === 'true',
    maxMessageSize: numberOr(attributes.MaximumMessageSize, 1_048_576),
    visibilityTimeout: numberOr(attributes.VisibilityTimeout, 30),
    deadLetterTargetArn: redrive?.deadLetterTargetArn,
    maxReceiveCount: redrive?.maxReceiveCount,
    codec: plan.options.codec ?? DEFAULT_CODEC,
    messageTypeAttribute: plan.options.messageTypeAttribute ?? input.messageTypeAttribute,
    options: plan.options,
    port,
  };
}

function creationAttributes(
  plan: QueuePlan,
  deadLetterArn: string | undefined,
): Partial<Record<QueueAttributeName, string>> {
  const attributes: Record<string, string> = { ...(plan.options.attributes ?? {}) };
  if (plan.fifo) {
    attributes.FifoQueue = 'true';
    const fifo = typeof plan.options.fifo === 'object' ? plan.options.fifo : undefined;
    if (fifo?.contentBasedDeduplication !== undefined) {
      attributes.ContentBasedDeduplication = String(fifo.contentBasedDeduplication);
    }
    if (fifo?.highThroughput) {
      attributes.DeduplicationScope = 'messageGroup';
      attributes.FifoThroughputLimit = 'perMessageGroupId';
    }
  }
  if (deadLetterArn !== undefined && plan.options.deadLetter) {
    attributes.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: deadLetterArn,
      maxReceiveCount: plan.options.deadLetter.maxReceiveCount,
    });
  }
  return attributes;
}

function parseRedrive(
  raw: string | undefined,
): { deadLetterTargetArn: string; maxReceiveCount: number } | undefined {
  if (!raw) return undefined;
  try {
    const doc = JSON.parse(raw) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    if (typeof doc.deadLetterTargetArn !== 'string') return undefined;
    return {
      deadLetterTargetArn: doc.deadLetterTargetArn,
      maxReceiveCount: Number(doc.maxReceiveCount),
    };
  } catch {
    return undefined;
  }
}

function numberOr(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value === undefined || !Number.isFinite(n) ? fallback : n;
}

function isCodec(value: unknown): value is SqsCodec<unknown> {
  const codec = value as Partial<SqsCodec<unknown>> | undefined;
  return typeof codec?.encode === 'function' && typeof codec.decode === 'function';
}

/** QueueDoesNotExist, however the backend spells it (JSON shape name or query code). */
export function isQueueMissing(error: unknown): boolean {
  const e = error as { name?: string; Code?: string } | undefined;
  return e?.name === 'QueueDoesNotExist' || e?.Code === 'AWS.SimpleQueueService.NonExistentQueue';
}

function isNameExists(error: unknown): boolean {
  const e = error as { name?: string; Code?: string } | undefined;
  return e?.name === 'QueueNameExists' || e?.Code === 'QueueAlreadyExists';
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import type { SqsModuleOptions } from '../module/sqs-module-options.interface';
import type { SqsQueueOptions } from '../interfaces/sqs-queue-options.interface';
import type { SqsTestingOptions } from './interfaces/sqs-testing-options.interface';
import { SqsTestClock } from './sqs-test-clock';
import { SqsTestEmulator } from './sqs-test-emulator';

/** `arn:aws:sqs:<region>:<account>:<name>` */
const QUEUE_ARN = /^arn:[^:]+:sqs:([^:]*):([^:]*):(.+)$/;
/** `https://sqs.<region>.amazonaws.com/<account>/<name>` (or any host). */
const QUEUE_URL = /^https?:\/\/([^/]+)\/([^/]+)\/([^/?#]+)\/?$/;

/**
 * An application's module options, made to run in a test: the in-memory emulator on a fresh
 * {@link SqsTestClock}, with the application's queues.
 *
 * - `backend`, `aws`, `emulator` and `clock` are replaced, so no SQS client is created and no
 *   network call can happen.
 * - Every queue is created in the emulator (`create: true`), since none exists there yet; a
 *   queue given by `url` is created under the URL's queue name.
 * - A dead-letter queue given by ARN becomes the declared queue of that name, or a queue declared
 *   under that name when the application does not declare it. A `RedrivePolicy` attribute becomes
 *   the equivalent `deadLetter` option, so the dead-letter queue exists before its source.
 * - The emulator takes the region and account id of the application's URLs and ARNs (unless
 *   `settings.emulator` names them), so ARNs in attributes keep matching.
 */
export function toTestingOptions(
  app: SqsModuleOptions,
  settings: SqsTestingOptions = {},
): SqsModuleOptions {
  const clock = new SqsTestClock(settings.startTime);
  const identity = awsIdentityOf(app);
  const emulator = new SqsTestEmulator({
    ...(identity.region !== undefined ? { region: identity.region } : {}),
    ...(identity.accountId !== undefined ? { accountId: identity.accountId } : {}),
    ...settings.emulator,
    clock,
  });
  return {
    ...app,
    backend: 'memory',
    aws: undefined,
    emulator,
    clock,
    queues: testingQueues(app.queues ?? {}),
    ...(settings.logger !== undefined ? { logger: settings.logger } : {}),
    ...(settings.autoStartup !== undefined ? { autoStartup: settings.autoStartup } : {}),
  };
}

function testingQueues(
  queues: Readonly<Record<string, SqsQueueOptions>>,
): Record<string, SqsQueueOptions> {
  const out: Record<string, SqsQueueOptions> = {};
  const logicalByPhysical = new Map<string, string>();
  for (const [logical, options] of Object.entries(queues)) {
    const queue = options ?? {};
    const physical = physicalNameOf(logical, queue);
    if (!logicalByPhysical.has(physical)) logicalByPhysical.set(physical, logical);
    const rest: SqsQueueOptions = { ...queue, url: undefined };
    out[logical] = {
      ...rest,
      ...(queue.url !== undefined && queue.name === undefined ? { name: physical } : {}),
      create: true,
    };
  }
  for (const [logical, queue] of Object.entries(out)) {
    const { deadLetter, attributes } = redriveOf(queue);
    if (!deadLetter) continue;
    let target = deadLetter.queue;
    const arn = QUEUE_ARN.exec(target);
    if (arn) {
      const name = arn[3];
      target = logicalByPhysical.get(name) ?? declareQueue(out, name);
      logicalByPhysical.set(name, target);
    }
    out[logical] = { ...queue, attributes, deadLetter: { ...deadLetter, queue: target } };
  }
  return out;
}

/** A queue's dead-letter settings, from `deadLetter` or else from a `RedrivePolicy` attribute. */
function redriveOf(queue: SqsQueueOptions): Pick<SqsQueueOptions, 'deadLetter' | 'attributes'> {
  const policy = queue.attributes?.RedrivePolicy;
  if (policy === undefined) return { deadLetter: queue.deadLetter, attributes: queue.attributes };
  const attributes = { ...queue.attributes };
  delete attributes.RedrivePolicy;
  if (queue.deadLetter) return { deadLetter: queue.deadLetter, attributes };
  let parsed: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  try {
    parsed = JSON.parse(policy) as typeof parsed;
  } catch {
    // Not ours to judge: the emulator reports an invalid policy as SQS would.
    return { deadLetter: undefined, attributes: queue.attributes };
  }
  return {
    deadLetter: {
      queue: String(parsed.deadLetterTargetArn),
      maxReceiveCount: Number(parsed.maxReceiveCount),
    },
    attributes,
  };
}

/** Declares a queue the application only knows by ARN; returns its logical name. */
function declareQueue(queues: Record<string, SqsQueueOptions>, name: string): string {
  let logical = name;
  for (let i = 2; logical in queues; i++) logical = `${name}#${i}`;
  queues[logical] = { name, create: true };
  return logical;
}

/** The SQS queue name the module will use for a declared queue (as the module derives it). */
function physicalNameOf(logical: string, queue: SqsQueueOptions): string {
  const fromUrl = queue.url !== undefined ? QUEUE_URL.exec(queue.url)?.[3] : undefined;
  const named = queue.name ?? (fromUrl !== undefined ? decodeURIComponent(fromUrl) : undefined);
  const fifo = Boolean(queue.fifo) || (named ?? logical).endsWith('.fifo');
  return named ?? (fifo && !logical.endsWith('.fifo') ? `${logical}.fifo` : logical);
}

/** The region and account of the application's SQS, from its options where they say so. */
function awsIdentityOf(app: SqsModuleOptions): { region?: string; accountId?: string } {
  let region =
    typeof (app.aws as SQSClientConfig | undefined)?.region === 'string'
      ? (app.aws?.region as string)
      : undefined;
  let accountId: string | undefined;
  for (const queue of Object.values(app.queues ?? {})) {
    const arn = QUEUE_ARN.exec(queue?.deadLetter?.queue ?? '');
    const url = QUEUE_URL.exec(queue?.url ?? '');
    region ??= arn?.[1] || /^sqs\.([a-z0-9-]+)\./.exec(url?.[1] ?? '')?.[1];
    accountId ??= arn?.[2] || (url && /^\d{12}$/.test(url[2]) ? url[2] : undefined);
  }
  return { region, accountId };
}

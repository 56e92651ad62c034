import type {
  AddPermissionRequest,
  ListQueueTagsRequest,
  ListQueueTagsResult,
  RemovePermissionRequest,
  TagQueueRequest,
  UntagQueueRequest,
} from '@aws-sdk/client-sqs';
import type { EmulatorState } from '../emulator-state';
import { SqsErrors } from '../errors/sqs-errors';
import type { SqsQueue } from '../queue/sqs-queue';
import { optionalStringList, optionalStringMap } from '../validation/input-guards';

// SQS API reference: TagQueue, UntagQueue, ListQueueTags, AddPermission, RemovePermission. A
// permission is a statement of the queue's `Policy` attribute, as on SQS.

const MAX_TAGS = 50;
const MAX_PERMISSION_ACTIONS = 7;
/** The actions AddPermission may grant. */
const PERMISSION_ACTIONS = new Set([
  '*',
  'SendMessage',
  'ReceiveMessage',
  'DeleteMessage',
  'ChangeMessageVisibility',
  'GetQueueAttributes',
  'GetQueueUrl',
  'ListDeadLetterSourceQueues',
  'PurgeQueue',
  'ListQueueTags',
]);

interface PolicyStatement {
  Sid: string;
  Effect: string;
  Principal: { AWS: string | string[] };
  Action: string | string[];
  Resource: string;
}

interface PolicyDocument {
  Version: string;
  Id: string;
  Statement: PolicyStatement[];
}

export async function tagQueue(state: EmulatorState, input: TagQueueRequest): Promise<object> {
  const queue = state.queues.resolve(input.QueueUrl);
  const tags = optionalStringMap(input.Tags, 'Tags');
  if (!tags) throw SqsErrors.missingParameter('Tags');
  applyTags(queue, tags);
  state.journal?.queueChanged(queue);
  return {};
}

export async function untagQueue(state: EmulatorState, input: UntagQueueRequest): Promise<object> {
  const queue = state.queues.resolve(input.QueueUrl);
  const keys = optionalStringList(input.TagKeys, 'TagKeys');
  if (!keys) throw SqsErrors.missingParameter('TagKeys');
  for (const key of keys) queue.tags.delete(key);
  state.journal?.queueChanged(queue);
  return {};
}

export async function listQueueTags(
  state: EmulatorState,
  input: ListQueueTagsRequest,
): Promise<ListQueueTagsResult> {
  const queue = state.queues.resolve(input.QueueUrl);
  if (queue.tags.size === 0) return {};
  return { Tags: Object.fromEntries(queue.tags) };
}

export async function addPermission(
  state: EmulatorState,
  input: AddPermissionRequest,
): Promise<object> {
  const queue = state.queues.resolve(input.QueueUrl);
  const label = input.Label;
  if (!label) throw SqsErrors.missingParameter('Label');
  if (!input.AWSAccountIds?.length) throw SqsErrors.missingParameter('AWSAccountId');
  if (!input.Actions?.length) throw SqsErrors.missingParameter('ActionName');
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(label)) {
    throw SqsErrors.invalidParameter(
      label,
      'Label',
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
  if (input.Actions.length > MAX_PERMISSION_ACTIONS) {
    throw SqsErrors.overLimit(
      `${input.Actions.length} Actions were found, maximum allowed is ${MAX_PERMISSION_ACTIONS}.`,
    );
  }
  for (const action of input.Actions) {
    if (!PERMISSION_ACTIONS.has(action)) {
      throw SqsErrors.invalidParameter(
        action,
        'ActionName',
        'Please refer to the appropriate WSDL for a list of valid actions.',
      );
    }
  }
  const policy = policyOf(queue);
  if (policy.Statement.some((s) => s.Sid === label)) {
    throw SqsErrors.invalidParameter(label, 'Label', 'Already exists.');
  }
  policy.Statement.push({
    Sid: label,
    Effect: 'Allow',
    Principal: { AWS: oneOrMany(input.AWSAccountIds.map((a) => `arn:aws:iam::${a}:root`)) },
    Action: oneOrMany(input.Actions.map((a) => `SQS:${a}`)),
    Resource: queue.arn,
  });
  queue.attributes.set('Policy', JSON.stringify(policy));
  state.journal?.queueChanged(queue);
  return {};
}

export async function removePermission(
  state: EmulatorState,
  input: RemovePermissionRequest,
): Promise<object> {
  const queue = state.queues.resolve(input.QueueUrl);
  if (!input.Label) throw SqsErrors.missingParameter('Label');
  const policy = policyOf(queue);
  const kept = policy.Statement.filter((s) => s.Sid !== input.Label);
  if (kept.length === policy.Statement.length) {
    throw SqsErrors.invalidParameter(input.Label, 'Label', "can't find label.");
  }
  if (kept.length === 0) queue.attributes.delete('Policy');
  else queue.attributes.set('Policy', JSON.stringify({ ...policy, Statement: kept }));
  state.journal?.queueChanged(queue);
  return {};
}

/** Checks and adds tags (TagQueue, and CreateQueue's `tags`): all of them, or none. */
export function applyTags(queue: SqsQueue, tags: Record<string, string>): void {
  const keys = Object.keys(tags);
  for (const key of keys) {
    if (key.length < 1 || key.length > 128) {
      throw SqsErrors.invalidParameter(
        key,
        'TagKey',
        'Tag keys must be between 1 and 128 characters in length.',
      );
    }
    if (String(tags[key]).length > 256) {
      throw SqsErrors.invalidParameter(
        tags[key],
        'TagValue',
        'Tag values may not be longer than 256 characters.',
      );
    }
  }
  const total = new Set([...queue.tags.keys(), ...keys]).size;
  if (total > MAX_TAGS) {
    throw SqsErrors.invalidParameterValue(`Too many tags added for queue ${queue.name}.`);
  }
  for (const key of keys) queue.tags.set(key, String(tags[key]));
}

/** The queue's `Policy` as a document to add to or remove from (an empty one if none). */
function policyOf(queue: SqsQueue): PolicyDocument {
  const raw = queue.attributes.get('Policy');
  if (raw) {
    const doc = JSON.parse(raw) as Partial<PolicyDocument>;
    return {
      Version: doc.Version ?? '2008-10-17',
      Id: doc.Id ?? `${queue.arn}/SQSDefaultPolicy`,
      Statement: Array.isArray(doc.Statement) ? doc.Statement : [],
    };
  }
  return { Version: '2008-10-17', Id: `${queue.arn}/SQSDefaultPolicy`, Statement: [] };
}

/** SQS writes a single principal or action as a string, several as a list. */
function oneOrMany<T>(items: T[]): T | T[] {
  return items.length === 1 ? items[0] : items;
}

import type {
  CancelMessageMoveTaskRequest,
  CancelMessageMoveTaskResult,
  ListDeadLetterSourceQueuesRequest,
  ListDeadLetterSourceQueuesResult,
  ListMessageMoveTasksRequest,
  ListMessageMoveTasksResult,
  StartMessageMoveTaskRequest,
  StartMessageMoveTaskResult,
} from '@aws-sdk/client-sqs';
import type { EmulatorState } from '../emulator-state';
import { SqsErrors } from '../errors/sqs-errors';
import { MAX_MOVE_RATE, MessageMoveTasks } from '../move-tasks/message-move-tasks';
import type { SqsQueue } from '../queue/sqs-queue';
import type { EmulatorRequestContext } from '../sqs-emulator-options.interface';
import { checkInteger, integerParameter } from '../validation/integer-parameters';
import { paginate } from './pagination';

// SQS API reference: ListDeadLetterSourceQueues, StartMessageMoveTask, ListMessageMoveTasks,
// CancelMessageMoveTask. Moving a message to its dead-letter queue happens on receive, in the
// queue itself (SqsQueue.deadLetterIfExhausted); the RedrivePolicy is checked by the queue actions.

const MOVE_RATE = integerParameter('MaxNumberOfMessagesPerSecond', 1, MAX_MOVE_RATE, 'between');
const LIST_MAX_RESULTS = integerParameter('MaxResults', 1, 10, 'betweenIfProvided');

export async function listDeadLetterSourceQueues(
  state: EmulatorState,
  input: ListDeadLetterSourceQueuesRequest,
  ctx?: EmulatorRequestContext,
): Promise<ListDeadLetterSourceQueuesResult> {
  const queue = state.queues.resolve(input.QueueUrl);
  const names = state.queues
    .all()
    .filter((q) => q.redrivePolicy?.deadLetterTargetArn === queue.arn)
    .map((q) => q.name);
  const page = paginate(names, input.MaxResults, input.NextToken);
  // SQS leaves an empty list out of its answer (as ListQueues does), not `queueUrls: []`.
  const result = {} as ListDeadLetterSourceQueuesResult;
  if (page.items.length > 0) result.queueUrls = page.items.map((n) => state.urlOfName(n, ctx));
  if (page.nextToken) result.NextToken = page.nextToken;
  return result;
}

export async function startMessageMoveTask(
  state: EmulatorState,
  input: StartMessageMoveTaskRequest,
): Promise<StartMessageMoveTaskResult> {
  if (!input.SourceArn) throw SqsErrors.missingParameter('SourceArn');
  const source = state.queues.byQueueArn(input.SourceArn);
  if (!source) throw SqsErrors.resourceNotFound('SourceArn');
  if (!state.queues.all().some((q) => q.redrivePolicy?.deadLetterTargetArn === source.arn)) {
    throw SqsErrors.invalidParameterValue(
      'Source queue must be configured as a Dead Letter Queue.',
    );
  }
  let destination: SqsQueue | undefined;
  if (input.DestinationArn !== undefined) {
    destination = state.queues.byQueueArn(input.DestinationArn);
    if (!destination) throw SqsErrors.resourceNotFound('DestinationArn');
    if (destination.fifo !== source.fifo) {
      throw SqsErrors.invalidParameterValue(
        'The destination queue must be the same type of queue as the source queue.',
      );
    }
    if (destination === source) {
      throw SqsErrors.invalidParameterValue(
        'The destination queue must be different from the source queue.',
      );
    }
  }
  const rate = input.MaxNumberOfMessagesPerSecond;
  if (rate !== undefined) checkInteger(rate, MOVE_RATE);
  return { TaskHandle: state.moveTasks.start(source, destination, rate) };
}

export async function listMessageMoveTasks(
  state: EmulatorState,
  input: ListMessageMoveTasksRequest,
): Promise<ListMessageMoveTasksResult> {
  if (!input.SourceArn) throw SqsErrors.missingParameter('SourceArn');
  const source = state.queues.byQueueArn(input.SourceArn);
  if (!source) throw SqsErrors.resourceNotFound('SourceArn');
  const max = input.MaxResults ?? 1;
  checkInteger(max, LIST_MAX_RESULTS);
  const results = state.moveTasks.list(source, max);
  return results.length > 0 ? { Results: results } : {};
}

export async function cancelMessageMoveTask(
  state: EmulatorState,
  input: CancelMessageMoveTaskRequest,
): Promise<CancelMessageMoveTaskResult> {
  if (!input.TaskHandle) throw SqsErrors.missingParameter('TaskHandle');
  if (!MessageMoveTasks.isWellFormedHandle(input.TaskHandle)) {
    throw SqsErrors.invalidParameterValue('Value for parameter TaskHandle is invalid.');
  }
  return { ApproximateNumberOfMessagesMoved: state.moveTasks.cancel(input.TaskHandle) };
}

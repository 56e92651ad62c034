import type { Message, ReceiveMessageRequest, ReceiveMessageResult } from '@aws-sdk/client-sqs';
import type { EmulatorState } from '../emulator-state';
import { SqsErrors } from '../errors/sqs-errors';
import { isFifo } from '../queue/fifo-queue';
import { MAX_VISIBILITY_TIMEOUT } from '../queue/queue-attributes';
import { type AttributeSelection, selectAttributes, toSdkMessage } from '../queue/received-message';
import type { Delivery } from '../queue/message-record';
import type { EmulatorRequestContext } from '../sqs-emulator-options.interface';
import { checkInteger, integerParameter } from '../validation/integer-parameters';
import { optionalString, optionalStringList } from '../validation/input-guards';
import { validateAttemptId } from '../validation/names';

// SQS API reference: ReceiveMessage.

const MAX_NUMBER_OF_MESSAGES = integerParameter('MaxNumberOfMessages', 1, 10, 'betweenIfProvided');
const WAIT_TIME_SECONDS = integerParameter('WaitTimeSeconds', 0, 20, 'boundsIfProvided');
const VISIBILITY_TIMEOUT = integerParameter(
  'VisibilityTimeout',
  0,
  MAX_VISIBILITY_TIMEOUT,
  'boundsIfProvided',
);
/** SQS's cap on in-flight messages of a standard queue (a FIFO queue just returns nothing). */
const STANDARD_INFLIGHT_LIMIT = 120_000;

/**
 * Takes up to MaxNumberOfMessages visible messages, waiting up to WaitTimeSeconds (or the
 * queue's ReceiveMessageWaitTimeSeconds) for one to arrive; `ctx.abortSignal` ends the wait. On
 * a FIFO queue, a retry with the same ReceiveRequestAttemptId gets the same messages again.
 */
export async function receiveMessage(
  state: EmulatorState,
  input: ReceiveMessageRequest,
  ctx?: EmulatorRequestContext,
): Promise<ReceiveMessageResult> {
  const max = input.MaxNumberOfMessages ?? 1;
  checkInteger(max, MAX_NUMBER_OF_MESSAGES);
  const wait = input.WaitTimeSeconds;
  if (wait !== undefined) checkInteger(wait, WAIT_TIME_SECONDS);
  const vt = input.VisibilityTimeout;
  if (vt !== undefined) checkInteger(vt, VISIBILITY_TIMEOUT);
  const queue = state.queues.resolve(input.QueueUrl);
  queue.sweep();
  const visibilitySeconds = vt ?? queue.visibilityTimeout;
  const selection = selectAttributes(
    optionalStringList(input.MessageSystemAttributeNames, 'MessageSystemAttributeNames'),
    optionalStringList(input.AttributeNames, 'AttributeNames'),
    optionalStringList(input.MessageAttributeNames, 'MessageAttributeNames'),
  );
  let attemptId: string | undefined;
  if (isFifo(queue)) {
    attemptId = optionalString(input.ReceiveRequestAttemptId, 'ReceiveRequestAttemptId');
    if (attemptId !== undefined) {
      validateAttemptId(attemptId);
      const replay = queue.replayAttempt(attemptId, visibilitySeconds);
      if (replay) return toResult(toMessages(replay, selection));
    }
  } else if (queue.inflight >= STANDARD_INFLIGHT_LIMIT) {
    throw SqsErrors.overLimit(
      `Amazon SQS has reached the limit of ${STANDARD_INFLIGHT_LIMIT} in-flight messages for queue ${queue.name}.`,
    );
  }
  const waitMs = (wait ?? queue.receiveWaitTimeSeconds) * 1000;
  const deliveries = await queue.receive({ max, visibilitySeconds }, waitMs, ctx?.abortSignal);
  if (attemptId !== undefined && deliveries.length > 0 && isFifo(queue)) {
    queue.rememberAttempt(attemptId, deliveries);
  }
  const messages = toMessages(deliveries, selection);
  if (state.events.active) {
    for (const d of deliveries) {
      state.events.emit({
        type: 'received',
        queueName: queue.name,
        messageId: d.message.messageId,
        receiveCount: d.message.receiveCount,
      });
    }
  }
  return toResult(messages);
}

function toMessages(deliveries: readonly Delivery[], selection: AttributeSelection): Message[] {
  const messages: Message[] = [];
  for (const d of deliveries) messages.push(toSdkMessage(d.message, d.receiptHandle, selection));
  return messages;
}

/** SQS leaves `Messages` out of an empty answer. */
function toResult(messages: Message[]): ReceiveMessageResult {
  return messages.length > 0 ? { Messages: messages } : {};
}

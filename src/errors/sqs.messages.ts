/**
 * Every user-facing text of the module, as functions, so errors and logs read the same.
 * Handler names are `ClassName.methodName`; queue names are logical unless said otherwise.
 * No text here ever includes a message body.
 */

const q = (name: string) => `'${name}'`;

export const QUEUE_NOT_DECLARED = (queue: string, usedBy: string, declared: readonly string[]) =>
  `${usedBy} refers to queue ${q(queue)}, which SqsModule does not declare. ` +
  `Add it to the module's 'queues' option` +
  (declared.length > 0 ? ` (declared: ${declared.map(q).join(', ')}).` : ' (none declared).');

export const QUEUE_NOT_FOUND = (queue: string, physical: string, usedBy: string) =>
  `Queue ${q(queue)} (SQS queue ${q(physical)}) does not exist${usedBy ? `; it is used by ${usedBy}` : ''}. ` +
  `Create it, fix its 'name'/'url', or set 'create: true' in its options.`;

export const AWS_REGION_MISSING = () =>
  `No AWS region is set for backend 'aws'. Give one in SqsModule.forRoot({ aws: { region: ` +
  `'eu-west-1' } }), or set AWS_REGION (or a region in your AWS profile).`;

export const AWS_CREDENTIALS_MISSING = (reason: string) =>
  `No AWS credentials were found for backend 'aws' (${reason}). Set AWS_ACCESS_KEY_ID and ` +
  `AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with a role; or give aws: { credentials }. ` +
  `A local emulator accepts any values, e.g. 'test'/'test'.`;

export const SQS_UNREACHABLE = (endpoint: string | undefined, reason: string) =>
  `Cannot reach SQS at ${endpoint ?? "AWS's endpoint for the region"}: ${reason}. Check ` +
  `aws.endpoint (or AWS_ENDPOINT_URL_SQS) and that the server is running.`;

export const SQS_MODULE_IMPORTED_TWICE = (queuesByInstance: readonly (readonly string[])[]) =>
  `SqsModule.forRoot/forRootAsync is imported ${queuesByInstance.length} times in this ` +
  `application (declaring ${queuesByInstance.map((names) => `[${names.map(q).join(', ')}]`).join(' and ')}). ` +
  `The module is global: import it once, in the root module, and declare every queue there. ` +
  `A queue in another region or account takes its own client config: ` +
  `queues: { audit: { url, aws: { region: 'eu-west-1' } } }.`;

export const QUEUE_SETUP_FAILED = (queue: string, physical: string, step: string, reason: string) =>
  `Could not ${step} queue ${q(queue)} (SQS queue ${q(physical)}): ${reason}`;

export const QUEUE_ATTRIBUTES_DIFFER = (queue: string, physical: string, reason: string) =>
  `Queue ${q(queue)} (SQS queue ${q(physical)}) exists with different attributes than declared: ` +
  `${reason}. Change the queue's attributes in SQS or the module's 'attributes' option to match.`;

export const DEAD_LETTER_DIFFERS = (queue: string, declared: string, actual: string) =>
  `Queue ${q(queue)} declares dead-letter queue ${declared}, but its redrive policy in SQS ` +
  `${actual}. The module does not change existing queues, so SQS applies the queue's own ` +
  `policy. Change the queue (your infrastructure code, or aws sqs set-queue-attributes), or the ` +
  `declaration.`;

export const INVALID_QUEUE_OPTIONS = (queue: string, reason: string) =>
  `Invalid options for queue ${q(queue)}: ${reason}`;

export const INVALID_MODULE_OPTIONS = (reason: string) => `Invalid SqsModule options: ${reason}`;

export const INVALID_HANDLER_OPTIONS = (handler: string, queue: string, reason: string) =>
  `Invalid @SqsHandler options on ${handler} for queue ${q(queue)}: ${reason}`;

export const DEAD_LETTER_CYCLE = (queues: readonly string[]) =>
  `Dead-letter queues form a cycle: ${queues.map(q).join(' → ')}. A dead-letter queue cannot be its own source.`;

export const AMBIGUOUS_HANDLERS = (queue: string, handlers: readonly string[], why: string) =>
  `Handlers ${handlers.join(' and ')} on queue ${q(queue)} cannot be told apart: ${why}. ` +
  `Give each a distinct 'messageType' (at most one may have none, as the catch-all).`;

export const CONFLICTING_HANDLER_OPTIONS = (queue: string, option: string, a: string, b: string) =>
  `Handlers ${a} and ${b} on queue ${q(queue)} set different '${option}', which applies to the whole ` +
  `queue's consumer. Set it once, in the queue's 'consumer' options or on one handler.`;

export const MIXED_BATCH_HANDLERS = (queue: string, batch: string, single: string) =>
  `Queue ${q(queue)} has a batch handler (${batch}) and a single-message handler (${single}). ` +
  `Use one kind per queue.`;

export const FIFO_BATCH_ROUTES = (queue: string, handlers: readonly string[]) =>
  `FIFO queue ${q(queue)} has several batch handlers (${handlers.join(', ')}); order within a ` +
  `message group could not be kept across them. Use one batch handler (route inside it) or single-message handlers.`;

export const NO_CONSUMER_FOR_QUEUE = (queue: string, queues: readonly string[]) =>
  `No @SqsHandler consumes queue ${q(queue)}` +
  (queues.length > 0
    ? ` (consumed queues: ${queues.map(q).join(', ')}).`
    : ' (no queue has handlers).');

export const CONSUMERS_NOT_READY = () =>
  `SqsConsumers is not ready yet: handlers are discovered in onApplicationBootstrap. ` +
  `Call start()/stop() after the application has initialised.`;

export const FIFO_GROUP_ID_REQUIRED = (queue: string) =>
  `Queue ${q(queue)} is a FIFO queue: every message needs a group id. Pass 'groupId' to send(), ` +
  `or set 'fifo.groupId(body)' in the queue's options.`;

export const FIFO_DELAY_NOT_SUPPORTED = (queue: string) =>
  `Queue ${q(queue)} is a FIFO queue: per-message 'delaySeconds' is not supported. ` +
  `Set the queue's DelaySeconds attribute instead.`;

export const FIFO_ONLY_OPTION = (queue: string, option: string) =>
  `'${option}' applies to FIFO queues only, and queue ${q(queue)} is a standard queue.`;

export const INVALID_DELAY = (queue: string, value: unknown) =>
  `Invalid 'delaySeconds' ${String(value)} for queue ${q(queue)}: it must be an integer from 0 to 900.`;

export const MESSAGE_TOO_LARGE = (queue: string, size: number, limit: number) =>
  `Message for queue ${q(queue)} is ${size} bytes (body and attributes), over the queue's limit of ` +
  `${limit} bytes. Send less (e.g. store the payload elsewhere and send a reference).`;

export const INVALID_MESSAGE_ATTRIBUTE = (queue: string, name: string, reason: string) =>
  `Invalid message attribute '${name}' for queue ${q(queue)}: ${reason}`;

export const TOO_MANY_ATTRIBUTES = (queue: string, count: number) =>
  `Message for queue ${q(queue)} has ${count} attributes; SQS allows at most 10 (the message type included).`;

export const EMPTY_BODY = (queue: string) =>
  `Message for queue ${q(queue)} encodes to an empty body; SQS needs at least one character.`;

export const FIFO_GROUP_HELD_BACK = (queue: string, groupId: string) =>
  `Not sent: an earlier message of group ${q(groupId)} in this batch failed to send to FIFO queue ` +
  `${q(queue)}, and sending this one would put it ahead. Send the failed message and this one again, in order.`;

export const BATCH_SEND_FAILED = (queue: string, failed: number, total: number) =>
  `sendBatch to queue ${q(queue)}: ${failed} of ${total} messages failed; every entry's outcome is in 'results'.`;

export const UNHANDLED_MESSAGE_TYPE = (
  queue: string,
  type: string | undefined,
  attribute: string,
) =>
  `No handler on queue ${q(queue)} accepts message type ${type === undefined ? `(none: no '${attribute}' attribute)` : q(type)}.`;

export const HANDLER_TIMED_OUT = (handler: string, ms: number) =>
  `Handler ${handler} did not finish within ${ms} ms.`;

export const MESSAGE_DECODE_FAILED = (queue: string, messageId: string, reason: string) =>
  `Could not decode message ${messageId} of queue ${q(queue)}: ${reason}`;

// ---- logs --------------------------------------------------------------------------------------

export const HANDLER_FAILED = (
  handler: string | undefined,
  queue: string,
  messageId: string,
  receiveCount: number,
  reason: string,
  retryDelaySeconds: number,
) =>
  `${handler ?? 'Message'} failed on queue ${q(queue)} (message ${messageId}, receive ${receiveCount}): ` +
  `${reason}; retrying in ${retryDelaySeconds} s.`;

export const MESSAGE_DEAD_LETTERED = (
  handler: string | undefined,
  queue: string,
  messageId: string,
  receiveCount: number,
  reason: string,
) =>
  `${handler ?? 'Message'} failed on queue ${q(queue)} for the last time (message ${messageId}, receive ` +
  `${receiveCount}): ${reason}; SQS moves it to the dead-letter queue.`;

export const UNHANDLED_DELETED = (queue: string, messageId: string, reason: string) =>
  `Deleting message ${messageId} of queue ${q(queue)} as 'unhandledMessages: delete' says: ${reason}`;

export const BACKEND_CALL_FAILED = (
  queue: string,
  operation: string,
  reason: string,
  retryMs: number,
) => `SQS ${operation} on queue ${q(queue)} failed: ${reason}; retrying in ${retryMs} ms.`;

export const BATCH_ENTRY_FAILED = (
  queue: string,
  operation: string,
  code: string,
  reason: string,
) => `SQS ${operation} on queue ${q(queue)} rejected an entry (${code}): ${reason}`;

export const ACK_GAVE_UP = (queue: string, operation: string, count: number, reason: string) =>
  `Giving up SQS ${operation} for ${count} message(s) on queue ${q(queue)}: ${reason}. ` +
  `Their visibility timeout is running out, so their receipt handles are about to expire; ` +
  `SQS makes them visible again and they will be delivered again.`;

export const HEARTBEAT_LIMIT = (queue: string, messageId: string) =>
  `Message ${messageId} of queue ${q(queue)} has been held for 12 hours, SQS's limit; ` +
  `its visibility can no longer be extended.`;

export const CONSUMER_STARTED = (queue: string, handlers: readonly string[], concurrency: number) =>
  `Consuming queue ${q(queue)} with ${handlers.join(', ')} (concurrency ${concurrency}).`;

export const CONSUMER_STOPPED = (queue: string) => `Stopped consuming queue ${q(queue)}.`;

export const SHUTDOWN_TIMED_OUT = (
  queue: string,
  running: number,
  ms: number,
  inProcess: boolean,
) =>
  `Queue ${q(queue)}: ${running} handler(s) still running after ${ms} ms of shutdown; ` +
  (inProcess
    ? `their messages are in memory (the in-process emulator) and end with this process.`
    : `their messages stay invisible while they run and this process lives, and become visible ` +
      `again after their visibility timeout if it ends first.`);

export const DISCARDING_IN_MEMORY_MESSAGES = (total: number, perQueue: string) =>
  `Discarding ${total} message(s) of the in-memory emulator as the application closes ` +
  `(${perQueue}): backend 'memory' keeps messages only while the process runs.`;

export const HANDLER_RUNNING_LONG = (
  handler: string,
  queue: string,
  messageId: string,
  runningMs: number,
) =>
  `${handler} has been running for ${Math.floor(runningMs / 60_000)} min on message ${messageId} ` +
  `of queue ${q(queue)} and has no timeoutMs: it holds its slot until it returns. Give it a ` +
  `timeoutMs and pass message.signal to the I/O it waits on.`;

export const HANDLER_IGNORES_SIGNAL = (
  handler: string,
  queue: string,
  messageId: string,
  lateMs: number,
) =>
  `${handler} is still running ${Math.floor(lateMs / 1000)} s after its timeout on message ` +
  `${messageId} of queue ${q(queue)}: it ignores message.signal and holds its slot until it ` +
  `returns.`;

export const SHUTDOWN_RECEIVES_ABANDONED = (queue: string, open: number, ms: number) =>
  `Queue ${q(queue)}: ${open} ReceiveMessage request(s) still unanswered ${ms} ms after their ` +
  `abort; whatever they bring when they land is put back (visibility 0), or handled if the ` +
  `consumer has started again by then.`;

export const RECEIVE_HUNG = (ms: number) =>
  `no answer within ${ms} ms (the long poll and a margin); the request was aborted`;

export const MESSAGE_REDELIVERED_WHILE_HELD = (
  queue: string,
  messageId: string,
  receiveCount: number,
) =>
  `Message ${messageId} of queue ${q(queue)} was delivered again (receive ${receiveCount}) while ` +
  `this consumer still holds it: its visibility timeout ran out. The attempt under way takes the ` +
  `new delivery, so the message does not run twice at once; give it a longer visibility timeout, ` +
  `or keep the heartbeat on.`;

export const OVERDUE_HANDLER_SETTLED = (
  handler: string,
  queue: string,
  messageId: string,
  lateMs: number,
  retryDelaySeconds: number | undefined,
) =>
  `${handler} returned ${lateMs} ms after its timeout on queue ${q(queue)} (message ` +
  `${messageId}); its slot is free again and the message ` +
  (retryDelaySeconds === undefined
    ? `goes to the dead-letter queue at its next receive.`
    : `is retried in ${retryDelaySeconds} s.`);

export const REQUEST_SCOPED_HANDLER = (handler: string) =>
  `${handler} is request-scoped: a new instance is resolved for every message.`;

export const MESSAGE_BODY_DEBUG = (queue: string, messageId: string, body: string) =>
  `Message ${messageId} of queue ${q(queue)}: ${body}`;

export const BATCH_ITEM_FAILED = (handler: string, messageId: string) =>
  `${handler} reported message ${messageId} as failed.`;

export const SHUTDOWN_GAVE_UP = (queue: string) =>
  `Queue '${queue}' is shutting down and stopped waiting for this handler.`;

export const INTERNAL_ERROR = (queue: string, reason: string) =>
  `Internal error in the consumer of queue '${queue}': ${reason}`;

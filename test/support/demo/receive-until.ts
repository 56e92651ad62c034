import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Long-polls a queue until a message matching `match` arrives, or `timeoutMs` passes. The long
 * poll returns as soon as a message is there, so this waits on the event, not on a sleep.
 */
export async function receiveUntil(
  sqs: SQSClient,
  queueUrl: string,
  match: (message: Message) => boolean,
  timeoutMs = 5000,
): Promise<Message> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const waitSeconds = Math.max(1, Math.min(20, Math.floor((deadline - Date.now()) / 1000)));
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    const found = Messages.find(match);
    if (found) return found;
  }
  throw new Error(`no matching message on ${queueUrl} within ${timeoutMs} ms`);
}

/** The JSON body of a message. */
export function bodyOf<T = Record<string, unknown>>(message: Message): T {
  return JSON.parse(message.Body ?? 'null') as T;
}

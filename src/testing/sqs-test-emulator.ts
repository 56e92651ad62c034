import type {
  MessageAttributeValue,
  SendMessageBatchRequest,
  SendMessageBatchRequestEntry,
  SendMessageBatchResult,
  SendMessageRequest,
  SendMessageResult,
} from '@aws-sdk/client-sqs';
import { SqsEmulator } from '../emulator/sqs-emulator';
import type {
  EmulatorRequestContext,
  SqsEmulatorOptions,
} from '../emulator/sqs-emulator-options.interface';

/** One message as it was sent to the emulator. */
export interface SentRecord {
  /** Physical queue name. */
  readonly queueName: string;
  readonly messageId: string;
  readonly body: string;
  readonly messageAttributes: Readonly<Record<string, MessageAttributeValue>> | undefined;
  readonly groupId: string | undefined;
  readonly deduplicationId: string | undefined;
  readonly delaySeconds: number | undefined;
  /** Virtual time of the send (epoch ms). */
  readonly sentAt: number;
}

/**
 * The in-memory emulator of the testing kit: an {@link SqsEmulator} that also remembers every
 * message sent to it (through the module's producers, the harness, or a direct call), so a test
 * can see what was sent after the consumers have deleted it. A FIFO send that SQS deduplicates is
 * not a new message and is not recorded twice.
 */
export class SqsTestEmulator extends SqsEmulator {
  private readonly byQueue = new Map<string, SentRecord[]>();
  private readonly byId = new Map<string, SentRecord>();

  constructor(options: SqsEmulatorOptions = {}) {
    super(options);
  }

  override async sendMessage(
    input: SendMessageRequest,
    ctx?: EmulatorRequestContext,
  ): Promise<SendMessageResult> {
    const at = this.clock.now();
    const out = await super.sendMessage(input, ctx);
    this.remember(input.QueueUrl, out.MessageId, input, at);
    return out;
  }

  override async sendMessageBatch(
    input: SendMessageBatchRequest,
    ctx?: EmulatorRequestContext,
  ): Promise<SendMessageBatchResult> {
    const at = this.clock.now();
    const out = await super.sendMessageBatch(input, ctx);
    const entries = new Map((input.Entries ?? []).map((e) => [e.Id, e]));
    for (const ok of out.Successful ?? []) {
      const entry = entries.get(ok.Id);
      if (entry) this.remember(input.QueueUrl, ok.MessageId, entry, at);
    }
    return out;
  }

  /** Messages sent to a queue (by physical name), oldest first. */
  sentTo(queueName: string): readonly SentRecord[] {
    return this.byQueue.get(queueName) ?? [];
  }

  /** A sent message by its id. */
  findSent(messageId: string): SentRecord | undefined {
    return this.byId.get(messageId);
  }

  /** Forgets every sent message (the harness's `purgeAll`). */
  clearSent(): void {
    this.byQueue.clear();
    this.byId.clear();
  }

  private remember(
    queueUrl: string | undefined,
    messageId: string | undefined,
    input: SendMessageRequest | SendMessageBatchRequestEntry,
    at: number,
  ): void {
    if (queueUrl === undefined || messageId === undefined || this.byId.has(messageId)) return;
    const record: SentRecord = {
      queueName: queueNameOf(queueUrl),
      messageId,
      body: input.MessageBody ?? '',
      messageAttributes: input.MessageAttributes,
      groupId: input.MessageGroupId,
      deduplicationId: input.MessageDeduplicationId,
      delaySeconds: input.DelaySeconds,
      sentAt: at,
    };
    let list = this.byQueue.get(record.queueName);
    if (!list) this.byQueue.set(record.queueName, (list = []));
    list.push(record);
    this.byId.set(messageId, record);
  }
}

/** The queue name in a queue URL (`…/<account>/<name>`), as the emulator finds queues. */
function queueNameOf(queueUrl: string): string {
  const path = queueUrl.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

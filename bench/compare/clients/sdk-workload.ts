import { performance } from 'node:perf_hooks';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { BodyVerifier, makeBody } from './body-verifier';
import { measurePhase, type WorkloadOptions, type WorkloadResult } from './phase.util';
import { LEFTOVER_ATTRIBUTES, messagesLeftAfterDeletes } from './queue-leftovers';
import { percentiles } from '../stats.util';

/** An SDK client for a local emulator, the way users configure one. */
export function sdkClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
}

/**
 * The workload through `@aws-sdk/client-sqs`: create a queue; `clients` SDK clients send
 * `n` bodies with SendMessageBatch(10); then they receive 10 at a time and DeleteMessageBatch until
 * every body is back; then one client times sequential SendMessage round trips.
 */
export async function runSdkWorkload(o: WorkloadOptions): Promise<WorkloadResult> {
  const clients = Array.from({ length: o.clients }, () => sdkClient(o.endpoint));
  try {
    const { QueueUrl } = await clients[0].send(
      new CreateQueueCommand({ QueueName: `bench-sdk-${o.tag}` }),
    );
    if (!QueueUrl) throw new Error('CreateQueue returned no QueueUrl');
    const batches = Math.ceil(o.n / 10);

    let next = 0;
    const sender = async (sqs: SQSClient): Promise<void> => {
      for (let b = next++; b < batches; b = next++) {
        const Entries = [];
        for (let i = b * 10; i < Math.min(o.n, b * 10 + 10); i++) {
          Entries.push({ Id: String(i - b * 10), MessageBody: makeBody(o.tag, i) });
        }
        const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
        if (out.Failed?.length) throw new Error(`SendMessageBatch failed: ${out.Failed[0].Code}`);
      }
    };
    const [, send] = await measurePhase(o.serverCpuSeconds, () => Promise.all(clients.map(sender)));

    const verifier = new BodyVerifier(o.tag, o.n);
    const giveUp = o.idleGiveUpMs ?? 2_000;
    let lastProgress = performance.now();
    const receiver = async (sqs: SQSClient): Promise<void> => {
      while (verifier.count < o.n && performance.now() - lastProgress < giveUp) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (Messages.length === 0) continue;
        lastProgress = performance.now();
        for (const m of Messages) verifier.add(m.Body);
        const out = await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
        if (out.Failed?.length) throw new Error(`DeleteMessageBatch failed: ${out.Failed[0].Code}`);
      }
    };
    const [, receive] = await measurePhase(o.serverCpuSeconds, () =>
      Promise.all(clients.map(receiver)),
    );
    // Deletes acknowledged must have happened: the queue is empty by its own counts.
    const leftInQueue = await messagesLeftAfterDeletes(
      async () =>
        (
          await clients[0].send(
            new GetQueueAttributesCommand({
              QueueUrl,
              AttributeNames: [...LEFTOVER_ATTRIBUTES],
            }),
          )
        ).Attributes,
    );

    const times: number[] = [];
    const body = makeBody(o.tag, 0);
    for (let i = 0; i < o.latencySamples; i++) {
      const t = performance.now();
      await clients[0].send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
      times.push(performance.now() - t);
    }
    await clients[0].send(new DeleteQueueCommand({ QueueUrl }));
    return {
      sendRate: o.n / send.seconds,
      receiveRate: o.n / receive.seconds,
      latency: percentiles(times),
      send,
      receive,
      verification: verifier.result(leftInQueue),
    };
  } finally {
    for (const c of clients) c.destroy();
  }
}

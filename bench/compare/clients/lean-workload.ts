import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { BodyVerifier, makeBody } from './body-verifier';
import { measurePhase, type WorkloadOptions, type WorkloadResult } from './phase.util';
import { LEFTOVER_ATTRIBUTES, messagesLeftAfterDeletes } from './queue-leftovers';
import { percentiles } from '../stats.util';

/** A static SigV4-shaped header: emulators do not check signatures, but some read the region. */
const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=bench/20250101/us-east-1/sqs/aws4_request, ' +
  'SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0';

interface ReceivedMessage {
  readonly Body?: string;
  readonly ReceiptHandle?: string;
}

/**
 * A keep-alive pool speaking the AWS JSON 1.0 protocol directly: requests are pre-built strings
 * with fixed headers, so the client's own CPU per request is a small fraction of the SDK's and the
 * server becomes the limit.
 */
export class LeanSqsClient {
  private readonly pool: Pool;
  private readonly headers = new Map<string, Record<string, string>>();

  constructor(endpoint: string, connections: number) {
    this.pool = new Pool(new URL(endpoint).origin, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 60_000,
    });
  }

  /** Sends one action with a ready JSON body; resolves with the parsed response. */
  async call<T>(action: string, body: string): Promise<T> {
    let headers = this.headers.get(action);
    if (!headers) {
      headers = {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `AmazonSQS.${action}`,
        'x-amz-date': '20250101T000000Z',
        authorization: AUTHORIZATION,
      };
      this.headers.set(action, headers);
    }
    const res = await this.pool.request({ path: '/', method: 'POST', headers, body });
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      throw new Error(`${action} → HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
    }
    return (text === '' ? {} : JSON.parse(text)) as T;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** JSON-string literal of a value that needs no escaping beyond JSON.stringify's. */
const q = (s: string) => JSON.stringify(s);

/**
 * The workload with the lean client: same queue, bodies, batch sizes and concurrency as
 * {@link runSdkWorkload}, but SendMessageBatch bodies are built before the clock starts, and
 * DeleteMessageBatch is built from the previous ReceiveMessage response without the SDK.
 */
export async function runLeanWorkload(o: WorkloadOptions): Promise<WorkloadResult> {
  const client = new LeanSqsClient(o.endpoint, o.clients);
  try {
    const { QueueUrl } = await client.call<{ QueueUrl?: string }>(
      'CreateQueue',
      JSON.stringify({ QueueName: `bench-lean-${o.tag}` }),
    );
    if (!QueueUrl) throw new Error('CreateQueue returned no QueueUrl');
    const url = q(QueueUrl);

    const batches: string[] = [];
    for (let b = 0; b * 10 < o.n; b++) {
      const entries: string[] = [];
      for (let i = b * 10; i < Math.min(o.n, b * 10 + 10); i++) {
        entries.push(`{"Id":"${i - b * 10}","MessageBody":${q(makeBody(o.tag, i))}}`);
      }
      batches.push(`{"QueueUrl":${url},"Entries":[${entries.join(',')}]}`);
    }
    let next = 0;
    const sender = async (): Promise<void> => {
      for (let b = next++; b < batches.length; b = next++) {
        const out = await client.call<{ Failed?: unknown[] }>('SendMessageBatch', batches[b]);
        if (out.Failed?.length) throw new Error(`SendMessageBatch failed: ${JSON.stringify(out)}`);
      }
    };
    const workers = Array.from({ length: o.clients });
    const [, send] = await measurePhase(o.serverCpuSeconds, () => Promise.all(workers.map(sender)));

    const receiveBody = `{"QueueUrl":${url},"MaxNumberOfMessages":10,"WaitTimeSeconds":0}`;
    const verifier = new BodyVerifier(o.tag, o.n);
    const giveUp = o.idleGiveUpMs ?? 2_000;
    let lastProgress = performance.now();
    const receiver = async (): Promise<void> => {
      while (verifier.count < o.n && performance.now() - lastProgress < giveUp) {
        const { Messages } = await client.call<{ Messages?: ReceivedMessage[] }>(
          'ReceiveMessage',
          receiveBody,
        );
        if (!Messages || Messages.length === 0) continue;
        lastProgress = performance.now();
        let entries = '';
        for (let i = 0; i < Messages.length; i++) {
          verifier.add(Messages[i].Body);
          entries += `${i ? ',' : ''}{"Id":"${i}","ReceiptHandle":${q(Messages[i].ReceiptHandle ?? '')}}`;
        }
        const out = await client.call<{ Failed?: unknown[] }>(
          'DeleteMessageBatch',
          `{"QueueUrl":${url},"Entries":[${entries}]}`,
        );
        if (out.Failed?.length)
          throw new Error(`DeleteMessageBatch failed: ${JSON.stringify(out)}`);
      }
    };
    const [, receive] = await measurePhase(o.serverCpuSeconds, () =>
      Promise.all(workers.map(receiver)),
    );
    // Deletes acknowledged must have happened: the queue is empty by its own counts.
    const attributesBody = `{"QueueUrl":${url},"AttributeNames":${JSON.stringify(LEFTOVER_ATTRIBUTES)}}`;
    const leftInQueue = await messagesLeftAfterDeletes(
      async () =>
        (
          await client.call<{ Attributes?: Record<string, string> }>(
            'GetQueueAttributes',
            attributesBody,
          )
        ).Attributes,
    );

    const times: number[] = [];
    const single = `{"QueueUrl":${url},"MessageBody":${q(makeBody(o.tag, 0))}}`;
    for (let i = 0; i < o.latencySamples; i++) {
      const t = performance.now();
      await client.call('SendMessage', single);
      times.push(performance.now() - t);
    }
    await client.call('DeleteQueue', `{"QueueUrl":${url}}`);
    return {
      sendRate: o.n / send.seconds,
      receiveRate: o.n / receive.seconds,
      latency: percentiles(times),
      send,
      receive,
      verification: verifier.result(leftInQueue),
    };
  } finally {
    await client.close();
  }
}

/**
 * What the server benches share: the SDK client they drive the emulator with, the message body,
 * the CLI server in a child process, and the send-batch → receive → delete-batch throughput loop
 * (bench/server.bench.ts, bench/persistent-server.bench.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/** The message every server bench sends: a small JSON order of 101 bytes. */
export const BODY = JSON.stringify({
  orderId: 12345,
  customer: 'c-42',
  items: [1, 2, 3],
  note: 'x'.repeat(40),
});

export function client(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
}

export interface RunningServer {
  endpoint: string;
  /** CPU seconds the server has used so far (its process, or this one in-process). */
  cpuSeconds: () => number | undefined;
  stop: () => Promise<void>;
  /** Milliseconds from spawning the process to its start line (a CLI server only). */
  startMs?: number;
  /** The CLI's standard output so far. */
  stdout?: () => string;
}

/** CPU seconds of a process from /proc (Linux; clock ticks at the usual 100 Hz). */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** `nestjs-sqs-kit emulator --port 0 --log-level warn ...args` in a child process. */
export async function startCliServer(args: readonly string[] = []): Promise<RunningServer> {
  const main = join(__dirname, '..', 'src', 'cli', 'main.ts');
  const spawned = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      main,
      'emulator',
      '--port',
      '0',
      '--log-level',
      'warn',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const startMs = performance.now() - spawned;
  return {
    endpoint,
    startMs,
    stdout: () => out,
    cpuSeconds: () => (child.pid === undefined ? undefined : procCpuSeconds(child.pid)),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** `workers` clients loop send-batch → receive-10 → delete-batch until `total` are deleted. */
export async function throughput(
  endpoint: string,
  workers: number,
  total: number,
): Promise<number> {
  const clients = Array.from({ length: workers }, () => client(endpoint));
  const { QueueUrl } = await clients[0].send(
    new CreateQueueCommand({ QueueName: `bench-${workers}-${Date.now()}` }),
  );
  let toSend = total;
  let deleted = 0;
  const worker = async (sqs: SQSClient): Promise<void> => {
    while (deleted < total) {
      if (toSend > 0) {
        const n = Math.min(10, toSend);
        toSend -= n;
        await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl,
            Entries: Array.from({ length: n }, (_, i) => ({ Id: `m${i}`, MessageBody: BODY })),
          }),
        );
      }
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (Messages.length === 0) continue;
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl,
          Entries: Messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      deleted += Messages.length;
    }
  };
  const started = performance.now();
  await Promise.all(clients.map(worker));
  const seconds = (performance.now() - started) / 1000;
  await clients[0].send(new DeleteQueueCommand({ QueueUrl }));
  clients.forEach((c) => c.destroy());
  return deleted / seconds;
}

/**
 * In-process emulator throughput and memory.
 *   npm run bench:emulator            (full: backlogs 1k, 100k, 1M)
 *   npm run bench:emulator -- --quick (backlogs 1k, 100k; fewer rounds)
 * Prints msg/s for send→receive→delete in batches of 10 at each backlog, and heap bytes per queued
 * 1 KiB message. Run with --expose-gc (the npm script does) for the memory figure.
 * `measureBacklog` and `bytesPerMessage` are exported for bench/compare.
 */
import { SqsEmulator } from '../src/emulator';

const quick = process.argv.includes('--quick');
const BODY_BYTES = 1024;
const BATCH = 10;

function body(i: number): string {
  // Distinct, flat strings (as JSON.parse or a socket would produce), so V8 can neither share one
  // string between messages nor leave them as concatenation trees, either of which would skew the
  // memory figure.
  const buf = Buffer.alloc(BODY_BYTES, 0x78);
  buf.write(`${i}:`, 0, 'latin1');
  return buf.toString('latin1');
}

async function fill(sqs: SqsEmulator, url: string, count: number, offset: number): Promise<void> {
  for (let i = 0; i < count; i += BATCH) {
    const entries = [];
    for (let j = 0; j < BATCH && i + j < count; j++) {
      entries.push({ Id: `m${j}`, MessageBody: body(offset + i + j) });
    }
    await sqs.sendMessageBatch({ QueueUrl: url, Entries: entries });
  }
}

async function cycle(sqs: SqsEmulator, url: string, messages: number): Promise<number> {
  const entries = Array.from({ length: BATCH }, (_, j) => ({ Id: `m${j}`, MessageBody: body(j) }));
  const start = process.hrtime.bigint();
  for (let done = 0; done < messages; done += BATCH) {
    await sqs.sendMessageBatch({ QueueUrl: url, Entries: entries });
    const { Messages = [] } = await sqs.receiveMessage({
      QueueUrl: url,
      MaxNumberOfMessages: BATCH,
    });
    await sqs.deleteMessageBatch({
      QueueUrl: url,
      Entries: Messages.map((m, j) => ({ Id: `d${j}`, ReceiptHandle: m.ReceiptHandle })),
    });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return messages / seconds;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** msg/s of each round of send→receive→delete over a queue holding `backlog` messages. */
export async function measureBacklog(
  backlog: number,
  { rounds, messages, warmup = 20_000 }: { rounds: number; messages: number; warmup?: number },
): Promise<number[]> {
  const sqs = new SqsEmulator();
  const { QueueUrl } = await sqs.createQueue({ QueueName: 'bench' });
  const url = QueueUrl as string;
  await fill(sqs, url, backlog, 1_000_000_000);
  await cycle(sqs, url, warmup);
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) results.push(await cycle(sqs, url, messages));
  return results;
}

async function throughput(backlog: number): Promise<number> {
  const rounds = quick ? 3 : 5;
  return median(await measureBacklog(backlog, { rounds, messages: quick ? 50_000 : 200_000 }));
}

/** Heap bytes per queued 1 KiB message (needs --expose-gc; undefined without). */
export async function bytesPerMessage(count: number): Promise<number | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  const sqs = new SqsEmulator();
  const { QueueUrl } = await sqs.createQueue({ QueueName: 'mem' });
  gc();
  const before = process.memoryUsage().heapUsed;
  await fill(sqs, QueueUrl as string, count, 0);
  gc();
  const after = process.memoryUsage().heapUsed;
  // Keep the emulator alive until after the measurement.
  if (sqs.inspectQueues()[0].visible !== count) throw new Error('fill lost messages');
  return (after - before) / count;
}

async function main(): Promise<void> {
  const backlogs = quick ? [1_000, 100_000] : [1_000, 100_000, 1_000_000];
  console.log(`# bench/emulator — Node ${process.version}, ${quick ? 'quick' : 'full'} run`);
  console.log('| backlog | send→receive→delete msg/s (batches of 10, 1 KiB bodies) |');
  console.log('| ---: | ---: |');
  for (const backlog of backlogs) {
    const rate = await throughput(backlog);
    console.log(
      `| ${backlog.toLocaleString('en-US')} | ${Math.round(rate).toLocaleString('en-US')} |`,
    );
  }
  const per = await bytesPerMessage(quick ? 50_000 : 200_000);
  console.log(
    per === undefined
      ? '\nheap per queued 1 KiB message: run with --expose-gc'
      : `\nheap per queued 1 KiB message: ${Math.round(per).toLocaleString('en-US')} bytes`,
  );
}

if (require.main === module) void main();

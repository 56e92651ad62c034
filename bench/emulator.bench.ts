/**
 * In-process emulator throughput and memory.
 *   npm run bench:emulator            (full: backlogs 1k, 100k, 1M)
 *   npm run bench:emulator -- --quick (backlogs 1k, 100k; fewer rounds)
 * Prints msg/s for send→receive→delete in batches of 10 at each backlog, and heap bytes per queued
 * 1 KiB message. Every body received is checked against the books of what is queued (its number,
 * length and ends; one in 64 compared in full), every delete must succeed, and the queue must end
 * holding exactly its backlog: otherwise it exits 1. Run with --expose-gc (the npm script does)
 * for the memory figure.
 * `measureBacklog` and `bytesPerMessage` are exported for bench/compare.
 */
import { SqsEmulator } from '../src/emulator';

const quick = process.argv.includes('--quick');
const BODY_BYTES = 1024;
/** One body in this many is compared in full (see `QueueBooks.numberOf`). */
const FULL_CHECK_EVERY = 64;
const BATCH = 10;

function body(i: number): string {
  // Distinct, flat strings (as JSON.parse or a socket would produce), so V8 can neither share one
  // string between messages nor leave them as concatenation trees, either of which would skew the
  // memory figure.
  const buf = Buffer.alloc(BODY_BYTES, 0x78);
  buf.write(`${i}:`, 0, 'latin1');
  return buf.toString('latin1');
}

/** Backlog bodies are numbered from here; the cycle's own ten bodies are 0–9. */
const BACKLOG_BASE = 1_000_000_000;

/**
 * The books of one queue's run: which bodies are in the queue. Every body received must be one
 * that is there (and intact), every delete must be in the `Successful` list, and at the end the
 * queue must hold exactly what the books say. A receive that returned nothing, a wrong or
 * duplicated body, or a delete that did not happen fails the run instead of counting as fast.
 */
class QueueBooks {
  /** Backlog bodies still queued, by index. */
  private readonly backlog: Uint8Array;
  /** Copies of cycle body j (0–9) queued. */
  private readonly cycleCopies = new Array<number>(BATCH).fill(0);
  /** Padding after each head length: `PAD[n]` is the `x`s of a body whose head has n chars. */
  private readonly pad = new Map<number, string>();
  readonly violations: string[] = [];

  constructor(backlogSize: number) {
    this.backlog = new Uint8Array(backlogSize);
  }

  /** Messages the books say are queued. */
  get queued(): number {
    let n = 0;
    for (const c of this.cycleCopies) n += c;
    for (const b of this.backlog) n += b;
    return n;
  }

  sentBacklog(index: number): void {
    this.backlog[index] = 1;
  }

  sentCycle(j: number): void {
    this.cycleCopies[j]++;
  }

  /** A body received: must be intact and queued; it leaves the books (the delete follows). */
  received(body: string | undefined): boolean {
    const n = this.numberOf(body);
    if (n === undefined)
      return this.violation(`malformed body ${JSON.stringify(body?.slice(0, 40))}`);
    if (n >= BACKLOG_BASE) {
      const i = n - BACKLOG_BASE;
      if (this.backlog[i] !== 1) return this.violation(`body ${n} received but not queued`);
      this.backlog[i] = 0;
      return true;
    }
    if (n >= BATCH || this.cycleCopies[n] === 0) {
      return this.violation(`body ${n} received but not queued`);
    }
    this.cycleCopies[n]--;
    return true;
  }

  violation(what: string): false {
    if (this.violations.length < 20) this.violations.push(what);
    else this.violations[19] = `… and more (last: ${what})`;
    return false;
  }

  /**
   * The number in the body's `<n>:` head, when the rest is the padding body() writes. Every body's
   * length, head and last byte are checked; the whole padding of one body in
   * {@link FULL_CHECK_EVERY}. Reading all 1 KiB of every body would measure this script's cache
   * misses on a cold backlog (16 cache lines a message), not the emulator, which never reads a
   * body it hands out.
   */
  private numberOf(body: string | undefined): number | undefined {
    if (body === undefined || body.length !== BODY_BYTES) return undefined;
    const colon = body.indexOf(':');
    if (colon < 1 || colon > 12) return undefined;
    const n = Number(body.slice(0, colon));
    if (!Number.isInteger(n) || n < 0) return undefined;
    if (body.charCodeAt(BODY_BYTES - 1) !== 0x78) return undefined; // 'x'
    if (n % FULL_CHECK_EVERY !== 0) return n;
    let pad = this.pad.get(colon + 1);
    if (pad === undefined) {
      pad = 'x'.repeat(BODY_BYTES - colon - 1);
      this.pad.set(colon + 1, pad);
    }
    return body.slice(colon + 1) === pad ? n : undefined;
  }
}

/** A run that got a wrong answer from the emulator: its rate must not be reported. */
export class BenchVerificationError extends Error {
  constructor(readonly violations: readonly string[]) {
    super(`bench/emulator: the emulator answered wrongly:\n  ${violations.join('\n  ')}`);
    this.name = 'BenchVerificationError';
  }
}

async function fill(
  sqs: SqsEmulator,
  url: string,
  count: number,
  offset: number,
  books?: QueueBooks,
): Promise<void> {
  for (let i = 0; i < count; i += BATCH) {
    const entries = [];
    for (let j = 0; j < BATCH && i + j < count; j++) {
      entries.push({ Id: `m${j}`, MessageBody: body(offset + i + j) });
    }
    const { Successful = [], Failed = [] } = await sqs.sendMessageBatch({
      QueueUrl: url,
      Entries: entries,
    });
    if (Failed.length > 0 || Successful.length !== entries.length) {
      throw new BenchVerificationError([
        `fill: ${Failed.length} of ${entries.length} sends failed`,
      ]);
    }
    if (books) for (let j = 0; j < entries.length; j++) books.sentBacklog(i + j);
  }
}

/**
 * `messages` send→receive→delete cycles of 10; returns msg/s of the messages received with a
 * verified body and deleted (`Successful`). Any wrong answer is booked as a violation.
 */
async function cycle(
  sqs: SqsEmulator,
  url: string,
  messages: number,
  books: QueueBooks,
): Promise<number> {
  const entries = Array.from({ length: BATCH }, (_, j) => ({ Id: `m${j}`, MessageBody: body(j) }));
  let verified = 0;
  const start = process.hrtime.bigint();
  for (let done = 0; done < messages; done += BATCH) {
    const sent = await sqs.sendMessageBatch({ QueueUrl: url, Entries: entries });
    for (const s of sent.Successful ?? []) books.sentCycle(Number((s.Id as string).slice(1)));
    if (sent.Failed?.length) books.violation(`send: ${sent.Failed.length} entries failed`);
    const { Messages = [] } = await sqs.receiveMessage({
      QueueUrl: url,
      MaxNumberOfMessages: BATCH,
    });
    // The queue holds at least 10 visible messages (the backlog plus the 10 just sent).
    if (Messages.length !== BATCH)
      books.violation(`receive returned ${Messages.length} of ${BATCH}`);
    let good = 0;
    for (const m of Messages) if (books.received(m.Body)) good++;
    const deleted = await sqs.deleteMessageBatch({
      QueueUrl: url,
      Entries: Messages.map((m, j) => ({ Id: `d${j}`, ReceiptHandle: m.ReceiptHandle })),
    });
    const ok = deleted.Successful?.length ?? 0;
    if (ok !== Messages.length || deleted.Failed?.length) {
      books.violation(`delete: ${ok} of ${Messages.length} succeeded`);
    }
    verified += Math.min(good, ok);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return verified / seconds;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * msg/s of each round of send→receive→delete over a queue holding `backlog` messages. Throws a
 * {@link BenchVerificationError} when a body came back wrong, a delete failed, or the queue does
 * not end holding exactly the backlog.
 */
export async function measureBacklog(
  backlog: number,
  { rounds, messages, warmup = 20_000 }: { rounds: number; messages: number; warmup?: number },
): Promise<number[]> {
  const sqs = new SqsEmulator();
  const { QueueUrl } = await sqs.createQueue({ QueueName: 'bench' });
  const url = QueueUrl as string;
  const books = new QueueBooks(backlog);
  await fill(sqs, url, backlog, BACKLOG_BASE, books);
  await cycle(sqs, url, warmup, books);
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) results.push(await cycle(sqs, url, messages, books));
  const q = sqs.inspectQueues()[0];
  if (
    q.inflight !== 0 ||
    q.delayed !== 0 ||
    q.visible !== books.queued ||
    books.queued !== backlog
  ) {
    books.violation(
      `queue ends with ${q.visible} visible, ${q.inflight} in flight, ${q.delayed} delayed; ` +
        `the books say ${books.queued} (backlog ${backlog})`,
    );
  }
  if (books.violations.length > 0) throw new BenchVerificationError(books.violations);
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

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}

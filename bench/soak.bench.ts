/**
 * Reliability soak runs: the long versions of `test/reliability/`, printing their figures (the
 * ones RELIABILITY.md quotes) and **exiting 1 with the violations listed** when any check fails.
 * Parts, all by default or named with `--only`:
 *
 * - `server`: the HTTP emulator under 16 concurrent `@aws-sdk/client-sqs` clients for 60 s
 *   (standard and FIFO queues: send 10 → receive 10 → delete; long polls on an empty queue;
 *   messages received and never deleted; dead-letter → source redrives with StartMessageMoveTask).
 *   The clients book every message by the number in its body: sent (acknowledged), received (body
 *   intact), deleted (in the `Successful` list). After the load the clock is moved past the
 *   five-minute FIFO windows and every visibility timeout, and the clients drain every queue over
 *   HTTP, checking each body. Checks:
 *   - lost = 0: every message whose send was acknowledged was received intact and deleted;
 *   - no body that was never sent, no delete or send reported failed, no request error;
 *   - every queue empty (the server's own counts), no long poll left waiting, no move task running;
 *   - memory bounded: the server's heap after GC, once drained and past the windows, at most
 *     {@link HEAP_BOUND_MIB} MiB above its heap after warm-up (the first sample ≥ 10 s into the
 *     load; ≥ a fifth of it in a shorter run). 8 MiB is about 27 bytes per message of a 60 s run:
 *     anything kept per receipt handle, deleted message, deduplication id, move task or long poll
 *     would exceed it (a `--quick` run catches only bigger leaks).
 * - `consumers`: 4 consumer processes on one emulator, 50,000 messages, standard then FIFO, 5 ms
 *   handlers. Checks: lost 0, no overlapping handlings, FIFO order kept, queue empty.
 * - `faults`: the fault-injection run with 100,000 messages. Checks: lost 0, premature deletes 0,
 *   crashes 0, consumer still running.
 *
 * The clients of the server soak run in a child process, so the heap measured is the server's alone.
 *
 *   npm run soak                                   # everything, 60 s server soak (~2 min)
 *   npm run soak -- --only server [--seconds 60] [--clients 16]
 *   npm run soak -- --quick                        # a quick check: 10 s, 5,000 / 10,000 messages
 */
import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseArgs } from 'node:util';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { seededRandom } from '../src/backend/fault-injecting-sqs.backend';
import type { Clock, ClockTimer } from '../src/clock/clock.interface';
import { SqsEmulator } from '../src/emulator/sqs-emulator';
import { startSqsServer } from '../src/server/start-sqs-server';
import { runCompetingConsumers } from '../test/support/reliability/competing-run';
import { runFaultScenario } from '../test/support/reliability/fault-run';

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string' },
    clients: { type: 'string' },
    quick: { type: 'boolean' },
    // Internal: this script re-run as the client load.
    'load-child': { type: 'string' },
  },
});
const QUICK = flags.quick ?? false;
const SECONDS = Number(flags.seconds ?? (QUICK ? 10 : 60));
const CLIENTS = Number(flags.clients ?? 16);
/** How far above its warm-up level the server's heap may end, drained and past the windows. */
const HEAP_BOUND_MIB = 8;
/** Every message body: `soak:<n>:` padded with `x` to this many characters. */
const BODY_CHARS = 220;

/** Every check that failed, in every part; any makes the run exit 1. */
const violations: string[] = [];

function check(ok: boolean, what: string): void {
  if (!ok) violations.push(what);
}

function heapMiB(gc: () => void): number {
  gc();
  gc();
  return Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
}

function print(name: string, figures: unknown): void {
  process.stdout.write(`\n== ${name}\n${JSON.stringify(figures, null, 2)}\n`);
}

/** The system clock, with an offset the soak moves forward to age windows without waiting. */
class ShiftableClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  setTimer(callback: () => void, ms: number): ClockTimer & { handle: NodeJS.Timeout } {
    const handle = setTimeout(callback, Math.max(0, ms));
    handle.unref();
    return { dueAt: this.now() + ms, handle };
  }
  clearTimer(timer: ClockTimer): void {
    clearTimeout((timer as ClockTimer & { handle: NodeJS.Timeout }).handle);
  }
}

// ---- server soak ---------------------------------------------------------------------------------

/** Queue names of the server soak. */
const Q = {
  standard: 'soak',
  fifo: 'soak.fifo',
  idle: 'soak-idle',
  forgotten: 'soak-forgotten',
  redrive: 'soak-redrive',
  dlq: 'soak-redrive-dlq',
} as const;

/** What the load child reports when its drain is done. */
interface LoadReport {
  readonly seconds: number;
  readonly clients: number;
  /** Sends acknowledged (`Successful`). */
  readonly sent: number;
  /** Sent, received intact and deleted (`Successful`) during the load. */
  readonly deletedDuringLoad: number;
  readonly messagesPerSecond: number;
  /** Deleted by the drain after the load (abandoned, still in flight, or left by a redrive). */
  readonly deletedByDrain: number;
  /** Sent and never received-and-deleted, after the drain: must be 0. */
  readonly lost: number;
  readonly lostExamples: number[];
  /** Receipts of a message already received (abandoned ones, redriven ones): allowed. */
  readonly redeliveries: number;
  /** Bodies that were malformed or never sent: must be 0. */
  readonly unexpectedBodies: number;
  /** A message received again after its delete had succeeded: must be 0. */
  readonly receivedAfterDelete: number;
  readonly sendEntriesFailed: number;
  readonly deleteEntriesFailed: number;
  /** Requests that threw (5xx, resets, timeouts): must be 0. */
  readonly errors: number;
  readonly errorExamples: string[];
  readonly longPollsTimedOut: number;
  readonly abandoned: number;
  readonly redrive: {
    readonly cycles: number;
    readonly deadLettered: number;
    readonly moveTasksStarted: number;
    readonly moveTasksCompleted: number;
    readonly redriven: number;
  };
  /** Per queue after the drain: visible + not visible + delayed, by GetQueueAttributes. */
  readonly leftInQueues: Record<string, number>;
}

async function serverSoak(gc: () => void): Promise<void> {
  const clock = new ShiftableClock();
  const emulator = new SqsEmulator({ clock });
  const server = await startSqsServer({ port: 0, emulator });
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      __filename,
      '--load-child',
      server.url,
      '--seconds',
      String(SECONDS),
      '--clients',
      String(CLIENTS),
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  // Sampled from the start of the load (after the child's start-up and queue creation).
  const samples: { at: number; heapMiB: number; queued: number; pendingReceives: number }[] = [];
  let started = Date.now();
  let sampler: NodeJS.Timeout | undefined;
  const sample = (): void => {
    const queues = emulator.inspectQueues();
    samples.push({
      at: Math.round((Date.now() - started) / 1000),
      heapMiB: heapMiB(gc),
      queued: queues.reduce((n, q) => n + q.visible + q.inflight + q.delayed, 0),
      pendingReceives: emulator.pendingReceives(),
    });
  };

  // The child says when its load is over; then the clock moves six minutes on (past the
  // five-minute FIFO deduplication and receive-attempt windows and every visibility timeout) and
  // the child drains every queue over HTTP, checking each body; then it reports.
  let report: LoadReport | undefined;
  child.on('message', (m: { type: string; report?: LoadReport }) => {
    if (m.type === 'started') {
      started = Date.now();
      sampler = setInterval(sample, SECONDS >= 30 ? 5_000 : 2_000);
    } else if (m.type === 'loaded') {
      clearInterval(sampler);
      sample();
      clock.offsetMs += 6 * 60_000;
      child.send({ type: 'drain' });
    } else if (m.type === 'report') {
      report = m.report;
    }
  });
  const code = await exited;
  clearInterval(sampler);

  const queues = emulator.inspectQueues();
  const dlqArn = (
    await emulator.getQueueAttributes({
      QueueUrl: emulator.queueUrlOf(Q.dlq) ?? Q.dlq,
      AttributeNames: ['QueueArn'],
    })
  ).Attributes?.QueueArn as string;
  const tasks = (await emulator.listMessageMoveTasks({ SourceArn: dlqArn, MaxResults: 10 }))
    .Results;
  const afterDrain = {
    heapMiB: heapMiB(gc),
    queued: queues.reduce((n, q) => n + q.visible + q.inflight + q.delayed, 0),
    pendingReceives: emulator.pendingReceives(),
    moveTasksListed: tasks?.length ?? 0,
    moveTasksRunning: tasks?.filter((t) => t.Status === 'RUNNING').length ?? 0,
  };
  await server.close();
  const warmAt = Math.min(10, SECONDS / 5);
  const warm = samples.find((s) => s.at >= warmAt) ?? samples[samples.length - 1];
  const heapGrowthMiB =
    warm === undefined ? Number.NaN : Math.round((afterDrain.heapMiB - warm.heapMiB) * 10) / 10;
  print('server soak', {
    seconds: SECONDS,
    clients: CLIENTS,
    clientExit: code,
    load: report,
    heapSamples: samples,
    heapAfterWarmUp: warm,
    peakHeapMiB: Math.max(...samples.map((s) => s.heapMiB)),
    afterDrainAndWindows: afterDrain,
    heapGrowthMiB,
    heapBoundMiB: HEAP_BOUND_MIB,
  });

  check(code === 0, `server soak: the load child exited with ${code}`);
  if (!report) {
    violations.push('server soak: the load child sent no report');
    return;
  }
  const r = report;
  check(r.sent > 0, 'server soak: nothing was sent');
  check(r.lost === 0, `server soak: ${r.lost} messages lost (e.g. ${r.lostExamples.join(', ')})`);
  check(
    r.deletedDuringLoad + r.deletedByDrain === r.sent,
    `server soak: ${r.sent} sent but ${r.deletedDuringLoad + r.deletedByDrain} deleted`,
  );
  check(r.unexpectedBodies === 0, `server soak: ${r.unexpectedBodies} unexpected bodies`);
  check(
    r.receivedAfterDelete === 0,
    `server soak: ${r.receivedAfterDelete} messages came back after their delete`,
  );
  check(r.sendEntriesFailed === 0, `server soak: ${r.sendEntriesFailed} send entries failed`);
  check(r.deleteEntriesFailed === 0, `server soak: ${r.deleteEntriesFailed} deletes failed`);
  check(r.errors === 0, `server soak: ${r.errors} request errors (${r.errorExamples.join('; ')})`);
  if (CLIENTS > 2) {
    check(
      r.redrive.moveTasksStarted > 0 && r.redrive.moveTasksCompleted === r.redrive.moveTasksStarted,
      `server soak: ${r.redrive.moveTasksStarted} move tasks started, ` +
        `${r.redrive.moveTasksCompleted} completed`,
    );
  }
  for (const [queue, left] of Object.entries(r.leftInQueues)) {
    check(left === 0, `server soak: ${left} messages left in ${queue} after the drain`);
  }
  check(afterDrain.queued === 0, `server soak: ${afterDrain.queued} messages still queued`);
  check(
    afterDrain.pendingReceives === 0,
    `server soak: ${afterDrain.pendingReceives} long polls still waiting`,
  );
  check(
    afterDrain.moveTasksRunning === 0,
    `server soak: ${afterDrain.moveTasksRunning} move tasks still running`,
  );
  check(
    heapGrowthMiB <= HEAP_BOUND_MIB,
    `server soak: heap ${afterDrain.heapMiB} MiB after the drain, ${heapGrowthMiB} MiB above ` +
      `its warm-up level (bound ${HEAP_BOUND_MIB} MiB)`,
  );
}

/** Message `n`'s body. */
function soakBody(n: number): string {
  const head = `soak:${n}:`;
  return head + 'x'.repeat(BODY_CHARS - head.length);
}

/**
 * The client side's books, by the number in each body: 0 never sent, 1 sent without an answer
 * (the request failed: it may or may not be stored), 2 sent, 3 received, 4 deleted.
 */
class SoakBooks {
  private state = new Uint8Array(1 << 16);
  private next = 0;
  sent = 0;
  deletedDuringLoad = 0;
  deletedByDrain = 0;
  draining = false;
  redeliveries = 0;
  unexpectedBodies = 0;
  receivedAfterDelete = 0;
  sendEntriesFailed = 0;
  deleteEntriesFailed = 0;

  /** Numbers for `count` new messages. */
  allocate(count: number): number[] {
    const out = Array.from({ length: count }, () => this.next++);
    if (this.next > this.state.length) {
      const grown = new Uint8Array(this.state.length * 2);
      grown.set(this.state);
      this.state = grown;
    }
    for (const n of out) this.state[n] = 1;
    return out;
  }

  sendAnswered(numbers: readonly number[], successfulIds: readonly string[]): void {
    const ok = new Set(successfulIds);
    numbers.forEach((n, i) => {
      if (ok.has(String(i))) {
        // Another client may have received (and deleted) it before this answer arrived.
        if (this.state[n] === 1) this.state[n] = 2;
        this.sent++;
      } else {
        if (this.state[n] === 1) this.state[n] = 0;
        this.sendEntriesFailed++;
      }
    });
  }

  /** A message received: its body must be one sent, intact. */
  received(m: Message): void {
    const body = m.Body ?? '';
    const head = /^soak:(\d+):/.exec(body);
    const n = head ? Number(head[1]) : -1;
    if (n < 0 || n >= this.next || this.state[n] === 0 || body !== soakBody(n)) {
      this.unexpectedBodies++;
      return;
    }
    const s = this.state[n];
    if (s === 4) this.receivedAfterDelete++;
    else if (s === 3) this.redeliveries++;
    else this.state[n] = 3;
  }

  /** A delete answered: `entries` the messages in the request, `successfulIds` their `Id`s. */
  deleteAnswered(entries: readonly Message[], successfulIds: readonly string[]): void {
    const ok = new Set(successfulIds);
    entries.forEach((m, i) => {
      if (!ok.has(String(i))) {
        this.deleteEntriesFailed++;
        return;
      }
      const head = /^soak:(\d+):/.exec(m.Body ?? '');
      if (!head) return;
      const n = Number(head[1]);
      if (this.state[n] !== 3) return;
      this.state[n] = 4;
      if (this.draining) this.deletedByDrain++;
      else this.deletedDuringLoad++;
    });
  }

  /** Messages whose send was acknowledged (or may have been stored) and never deleted. */
  lost(): number[] {
    const out: number[] = [];
    for (let n = 0; n < this.next; n++) {
      if (this.state[n] === 2 || this.state[n] === 3) out.push(n);
    }
    return out;
  }
}

/** The client side of the server soak (a child process): loads, then drains on the parent's cue. */
async function loadChild(endpoint: string): Promise<void> {
  const sqs = new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'soak', secretAccessKey: 'soak' },
    maxAttempts: 1,
  });
  const create = async (name: string, attributes: Record<string, string> = {}) =>
    (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })))
      .QueueUrl as string;
  const arnOf = async (url: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })))
      .Attributes?.QueueArn as string;
  const urls = {
    standard: await create(Q.standard),
    fifo: await create(Q.fifo, { FifoQueue: 'true' }),
    idle: await create(Q.idle),
    forgotten: await create(Q.forgotten, { VisibilityTimeout: '2' }),
    dlq: await create(Q.dlq),
    redrive: '',
  };
  const dlqArn = await arnOf(urls.dlq);
  urls.redrive = await create(Q.redrive, {
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }),
  });

  const books = new SoakBooks();
  process.send?.({ type: 'started' });
  const until = Date.now() + SECONDS * 1000;
  const counts = { longPolls: 0, abandoned: 0, errors: 0 };
  const errorExamples: string[] = [];
  const redrive = {
    cycles: 0,
    deadLettered: 0,
    moveTasksStarted: 0,
    moveTasksCompleted: 0,
    redriven: 0,
  };
  const random = seededRandom(7);

  const send = async (queue: string, count: number, fifo = false): Promise<void> => {
    const numbers = books.allocate(count);
    const { Successful = [] } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue,
        Entries: numbers.map((n, i) => ({
          Id: String(i),
          MessageBody: soakBody(n),
          ...(fifo ? { MessageGroupId: `g${n % 50}`, MessageDeduplicationId: `d${n}` } : {}),
        })),
      }),
    );
    books.sendAnswered(
      numbers,
      Successful.map((s) => s.Id as string),
    );
  };
  const receive = async (
    queue: string,
    options: { wait?: number; visibility?: number } = {},
  ): Promise<Message[]> => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: options.wait ?? 0,
        ...(options.visibility !== undefined ? { VisibilityTimeout: options.visibility } : {}),
      }),
    );
    for (const m of Messages) books.received(m);
    return Messages;
  };
  const remove = async (queue: string, messages: Message[]): Promise<void> => {
    if (messages.length === 0) return;
    const { Successful = [] } = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queue,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    books.deleteAnswered(
      messages,
      Successful.map((s) => s.Id as string),
    );
  };

  const cycle = async (queue: string, fifo: boolean): Promise<void> => {
    await send(queue, 10, fifo);
    await remove(queue, await receive(queue, { wait: 1 }));
  };

  /**
   * Dead-letter and back: 10 messages on a queue with maxReceiveCount 1 are received once
   * (visibility 0), so the next receive moves them to the dead-letter queue; a StartMessageMoveTask
   * moves them back; they are received and deleted there.
   */
  const redriveCycle = async (): Promise<void> => {
    redrive.cycles++;
    await send(urls.redrive, 10);
    await receive(urls.redrive, { visibility: 0 });
    // Received once already: this receive dead-letters them instead of returning them.
    await remove(urls.redrive, await receive(urls.redrive));
    const dead = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: urls.dlq,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    redrive.deadLettered += Number(dead.Attributes?.ApproximateNumberOfMessages ?? 0);
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    redrive.moveTasksStarted++;
    const { Results = [] } = await sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 1 }),
    );
    if (Results[0]?.Status === 'COMPLETED') {
      redrive.moveTasksCompleted++;
      redrive.redriven += Results[0].ApproximateNumberOfMessagesMoved ?? 0;
    }
    await remove(urls.redrive, await receive(urls.redrive));
  };

  const worker = async (index: number): Promise<void> => {
    while (Date.now() < until) {
      try {
        const r = random();
        if (index === 0 && r < 0.2) {
          // A long poll on an empty queue that times out: a waiter that must not linger.
          await sqs.send(new ReceiveMessageCommand({ QueueUrl: urls.idle, WaitTimeSeconds: 1 }));
          counts.longPolls++;
        } else if (index === 1 && r < 0.1) {
          // Received and never deleted: comes back after 2 s, handle abandoned.
          await send(urls.forgotten, 1);
          await receive(urls.forgotten);
          counts.abandoned++;
        } else if (index === 2 && r < 0.25) {
          await redriveCycle();
        } else {
          await cycle(index % 4 === 3 ? urls.fifo : urls.standard, index % 4 === 3);
        }
      } catch (error) {
        counts.errors++;
        if (errorExamples.length < 5) errorExamples.push(String((error as Error).message));
      }
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => worker(i)));
  const seconds = (Date.now() - started) / 1000;

  // The parent moves its clock on, then lets us drain.
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send?.({ type: 'loaded' });
  });
  books.draining = true;
  const drainOrder = [urls.standard, urls.fifo, urls.forgotten, urls.redrive, urls.dlq, urls.idle];
  for (let pass = 0; pass < 10; pass++) {
    let got = 0;
    for (const queue of drainOrder) {
      try {
        for (;;) {
          const messages = await receive(queue);
          if (messages.length === 0) break;
          got += messages.length;
          await remove(queue, messages);
        }
      } catch (error) {
        counts.errors++;
        if (errorExamples.length < 5) errorExamples.push(String((error as Error).message));
      }
    }
    // A redrive-queue message received during the load is dead-lettered by the drain's receive,
    // so a second pass empties the dead-letter queue; a pass that finds nothing ends the drain.
    if (got === 0) break;
  }
  const leftInQueues: Record<string, number> = {};
  for (const [name, url] of Object.entries(urls)) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    leftInQueues[name] =
      Number(Attributes.ApproximateNumberOfMessages) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible) +
      Number(Attributes.ApproximateNumberOfMessagesDelayed);
  }
  sqs.destroy();
  const lost = books.lost();
  const report: LoadReport = {
    seconds: Math.round(seconds * 10) / 10,
    clients: CLIENTS,
    sent: books.sent,
    deletedDuringLoad: books.deletedDuringLoad,
    messagesPerSecond: Math.round(books.deletedDuringLoad / seconds),
    deletedByDrain: books.deletedByDrain,
    lost: lost.length,
    lostExamples: lost.slice(0, 10),
    redeliveries: books.redeliveries,
    unexpectedBodies: books.unexpectedBodies,
    receivedAfterDelete: books.receivedAfterDelete,
    sendEntriesFailed: books.sendEntriesFailed,
    deleteEntriesFailed: books.deleteEntriesFailed,
    errors: counts.errors,
    errorExamples,
    longPollsTimedOut: counts.longPolls,
    abandoned: counts.abandoned,
    redrive,
    leftInQueues,
  };
  await new Promise<void>((resolve) => process.send?.({ type: 'report', report }, () => resolve()));
  process.disconnect?.();
}

// ---- consumers and faults ------------------------------------------------------------------------

async function consumersSoak(): Promise<void> {
  const messages = QUICK ? 5_000 : 50_000;
  for (const fifoGroups of [undefined, 100]) {
    const name = `competing consumers (${fifoGroups ? 'FIFO, 100 groups' : 'standard'})`;
    const run = await runCompetingConsumers({
      processes: 4,
      messages,
      fifoGroups,
      concurrency: 10,
      visibilitySeconds: 30,
      handlerMs: 5,
      timeoutMs: 15 * 60_000,
    });
    print(name, run);
    check(run.lost === 0, `${name}: ${run.lost} lost`);
    check(run.queueEmpty, `${name}: queue not empty`);
    check(run.overlaps === 0, `${name}: ${run.overlaps} overlapping handlings`);
    check(run.orderViolations === 0, `${name}: ${run.orderViolations} order violations`);
    check(run.groupOverlaps === 0, `${name}: ${run.groupOverlaps} overlaps within a group`);
    if (fifoGroups) check(run.duplicates === 0, `${name}: ${run.duplicates} duplicates`);
  }
}

async function faultsSoak(): Promise<void> {
  const messages = QUICK ? 10_000 : 100_000;
  const seed = 20260101;
  const random = Math.random;
  Math.random = seededRandom(seed + 2);
  try {
    const run = await runFaultScenario({
      messages,
      seed,
      handlerFailureRate: 0.2,
      backendFaultRate: 0.1,
      slowHandlerRate: 0.02,
      concurrency: 32,
    });
    const name = `fault injection (${messages} messages)`;
    print(name, run);
    const d = run.delivery;
    check(
      d.lost === 0,
      `${name}: ${d.lost} lost (${[...d.lostIds, ...d.lostMessages].join(', ')})`,
    );
    check(d.prematureDeletes === 0, `${name}: ${d.prematureDeletes} premature deletes`);
    check(d.handledIds === messages, `${name}: ${d.handledIds} of ${messages} ids handled`);
    check(run.crashes === 0, `${name}: ${run.crashes} crashes`);
    check(run.consumerRunning, `${name}: the consumer stopped`);
  } finally {
    Math.random = random;
  }
}

async function main(): Promise<number> {
  if (flags['load-child']) {
    await loadChild(flags['load-child']);
    return 0;
  }
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const only = flags.only;
  if (only && !['faults', 'server', 'consumers'].includes(only)) {
    throw new Error(`--only must be faults, server or consumers, not ${only}`);
  }
  if (!only || only === 'faults') await faultsSoak();
  if (!only || only === 'server') await serverSoak(gc);
  if (!only || only === 'consumers') await consumersSoak();
  print('verdict', { ok: violations.length === 0, violations });
  return violations.length === 0 ? 0 : 1;
}

void main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

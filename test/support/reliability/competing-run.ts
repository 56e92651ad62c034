import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import { startSqsServer } from '../../../src/server/start-sqs-server';
import type { HandlingRecord } from '../../reliability/fixtures/consumer-app';
import { ConsumerProcess, readRecords, waitFor } from './consumer-process';

/** What a competing-consumers run does. */
export interface CompetingRunOptions {
  readonly processes: number;
  readonly messages: number;
  /** FIFO queue with this many groups; standard when undefined. */
  readonly fifoGroups?: number;
  readonly concurrency: number;
  readonly visibilitySeconds: number;
  readonly timeoutMs: number;
  /** Work per message in each handler, real ms. Default 0. */
  readonly handlerMs?: number;
}

/** The figures of a run. */
export interface CompetingRunResult {
  readonly messages: number;
  readonly processes: number;
  readonly handlings: number;
  readonly perProcess: number[];
  readonly lost: number;
  readonly duplicates: number;
  /** Two handlings of one message overlapping in time (its visibility should have prevented it). */
  readonly overlaps: number;
  /** FIFO: handlings of a group out of sequence-number order, or overlapping in time. */
  readonly orderViolations: number;
  readonly groupOverlaps: number;
  readonly fifoGroups: number;
  readonly queueEmpty: boolean;
  readonly drainMs: number;
  readonly messagesPerSecond: number;
}

/**
 * Starts the HTTP emulator here and `processes` copies of the fixture consumer app, fills a queue
 * with `messages` (FIFO groups interleaved), waits until every message is handled and the queue is
 * empty, stops the apps with SIGTERM and checks the books.
 */
export async function runCompetingConsumers(o: CompetingRunOptions): Promise<CompetingRunResult> {
  const emulator = new SqsEmulator();
  const server = await startSqsServer({ port: 0, emulator });
  const dir = mkdtempSync(join(tmpdir(), 'sqs-competing-'));
  const fifo = o.fifoGroups !== undefined;
  const queue = fifo ? 'competing.fifo' : 'competing';
  const children: ConsumerProcess[] = [];
  try {
    const { QueueUrl } = await emulator.createQueue({
      QueueName: queue,
      Attributes: {
        VisibilityTimeout: String(o.visibilitySeconds),
        ...(fifo ? { FifoQueue: 'true' } : {}),
      },
    });
    const files = Array.from({ length: o.processes }, (_, i) => join(dir, `consumer-${i}.jsonl`));
    for (const file of files) {
      children.push(
        new ConsumerProcess({
          SQS_ENDPOINT: server.url,
          QUEUE: queue,
          RECORD_FILE: file,
          CONCURRENCY: String(o.concurrency),
          HANDLER_MS: String(o.handlerMs ?? 0),
        }),
      );
    }
    await Promise.all(children.map((c) => c.ready));
    const started = Date.now();
    for (let i = 0; i < o.messages; i += 10) {
      const entries = Array.from({ length: Math.min(10, o.messages - i) }, (_, j) => {
        const n = i + j;
        const id = `m${n}`;
        return {
          Id: String(j),
          MessageBody: JSON.stringify({ id }),
          ...(fifo
            ? {
                MessageGroupId: `g${Math.floor(n / 10) % (o.fifoGroups as number)}`,
                MessageDeduplicationId: id,
              }
            : {}),
        };
      });
      await emulator.sendMessageBatch({ QueueUrl: QueueUrl as string, Entries: entries });
    }
    const handledIds = (): Set<string> =>
      new Set(files.flatMap((f) => readRecords(f)).map((r) => r.id));
    const empty = (): boolean => {
      const q = emulator.inspectQueues().find((s) => s.name === queue);
      return q !== undefined && q.visible + q.inflight + q.delayed === 0;
    };
    await waitFor(
      () => empty() && handledIds().size === o.messages,
      'every message handled',
      o.timeoutMs,
      250,
    );
    const drainMs = Date.now() - started;
    await Promise.all(children.map((c) => c.kill('SIGTERM')));
    const perFile = files.map((f) => readRecords(f));
    const records = perFile.flat();
    return {
      messages: o.messages,
      processes: o.processes,
      handlings: records.length,
      perProcess: perFile.map((r) => r.length),
      lost: o.messages - new Set(records.map((r) => r.id)).size,
      duplicates: records.length - new Set(records.map((r) => r.id)).size,
      overlaps: countOverlaps(records),
      ...(fifo ? checkFifo(records) : { orderViolations: 0, groupOverlaps: 0, fifoGroups: 0 }),
      queueEmpty: empty(),
      drainMs,
      messagesPerSecond: Math.round((o.messages / drainMs) * 1000),
    };
  } finally {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Handlings of the same message whose [start, end] intervals intersect. */
function countOverlaps(records: readonly HandlingRecord[]): number {
  const byMessage = new Map<string, HandlingRecord[]>();
  for (const r of records) {
    const list = byMessage.get(r.messageId);
    if (list) list.push(r);
    else byMessage.set(r.messageId, [r]);
  }
  let overlaps = 0;
  for (const list of byMessage.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) if (list[i].start < list[i - 1].end) overlaps++;
  }
  return overlaps;
}

/**
 * FIFO across processes: within a group, handlings ordered by start time must follow the
 * sequence numbers SQS gave, and one must end before the next starts.
 */
function checkFifo(
  records: readonly HandlingRecord[],
): Pick<CompetingRunResult, 'orderViolations' | 'groupOverlaps' | 'fifoGroups'> {
  const byGroup = new Map<string, HandlingRecord[]>();
  for (const r of records) {
    const list = byGroup.get(r.group as string);
    if (list) list.push(r);
    else byGroup.set(r.group as string, [r]);
  }
  let orderViolations = 0;
  let groupOverlaps = 0;
  for (const list of byGroup.values()) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      if (BigInt(list[i].seq as string) <= BigInt(list[i - 1].seq as string)) orderViolations++;
      if (list[i].start < list[i - 1].end) groupOverlaps++;
    }
  }
  return { orderViolations, groupOverlaps, fifoGroups: byGroup.size };
}

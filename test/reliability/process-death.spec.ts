import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import { startSqsServer } from '../../src/server/start-sqs-server';
import type { SqsServerHandle } from '../../src/server/sqs-server-options.interface';
import type { HandlingRecord } from './fixtures/consumer-app';
import {
  ConsumerProcess,
  type ProcessExit,
  readRecords,
  waitFor,
} from '../support/reliability/consumer-process';
import { reportFigures } from '../support/reliability/report';

/**
 * A consumer app in a child process, consuming from the HTTP emulator in this process, dies
 * mid-run: gracefully (SIGTERM, it drains) or not at all (SIGKILL, a second instance takes over
 * once the visibility timeout runs out). Nothing may be lost either way.
 */
const SHUTDOWN_TIMEOUT_MS = 5_000;
const SLOW = 60_000;

let server: SqsServerHandle;
let emulator: SqsEmulator;
let dir: string;
const children: ConsumerProcess[] = [];

beforeAll(async () => {
  emulator = new SqsEmulator();
  server = await startSqsServer({ port: 0, emulator });
  dir = mkdtempSync(join(tmpdir(), 'sqs-reliability-'));
});

afterAll(async () => {
  await Promise.all(children.map((c) => c.kill('SIGKILL')));
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function consumer(queue: string, recordFile: string, env: Record<string, string> = {}) {
  const child = new ConsumerProcess({
    SQS_ENDPOINT: server.url,
    QUEUE: queue,
    RECORD_FILE: recordFile,
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    ...env,
  });
  children.push(child);
  return child;
}

async function fill(queue: string, visibilitySeconds: number, count: number): Promise<string[]> {
  const { QueueUrl } = await emulator.createQueue({
    QueueName: queue,
    Attributes: { VisibilityTimeout: String(visibilitySeconds) },
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const entries = Array.from({ length: Math.min(10, count - i) }, (_, j) => {
      const id = `${queue}-${i + j}`;
      ids.push(id);
      return { Id: String(j), MessageBody: JSON.stringify({ id }) };
    });
    await emulator.sendMessageBatch({ QueueUrl: QueueUrl as string, Entries: entries });
  }
  return ids;
}

function counts(queue: string): { visible: number; inflight: number; delayed: number } {
  const q = emulator.inspectQueues().find((s) => s.name === queue);
  if (!q) throw new Error(`no queue ${queue}`);
  return { visible: q.visible, inflight: q.inflight, delayed: q.delayed };
}

/** Ids in the queue still (any state), without receiving them. */
function remainingIds(queue: string): Set<string> {
  const url = emulator.queueUrlOf(queue) as string;
  const peeked = emulator.peekMessages(url, { limit: 100_000 });
  return new Set(peeked.map((m) => (JSON.parse(m.body) as { id: string }).id));
}

function duplicatesIn(records: readonly HandlingRecord[]): number {
  return records.length - new Set(records.map((r) => r.id)).size;
}

describe('SIGTERM mid-run', () => {
  const QUEUE = 'term';
  let ids: string[];
  let first: HandlingRecord[];
  let exit: ProcessExit;
  let signalledAt: number;
  let afterExit: { visible: number; inflight: number; delayed: number };
  let remaining: Set<string>;

  beforeAll(async () => {
    // A long visibility timeout: a message the drain failed to put back would stay invisible.
    ids = await fill(QUEUE, 60, 400);
    const file = join(dir, 'term-1.jsonl');
    const app = consumer(QUEUE, file, { CONCURRENCY: '10', HANDLER_MS: '100' });
    await app.ready;
    await waitFor(() => readRecords(file).length >= 50, '50 handled messages', SLOW);
    signalledAt = Date.now();
    exit = await app.kill('SIGTERM');
    afterExit = counts(QUEUE);
    first = readRecords(file);
    remaining = remainingIds(QUEUE);
  }, SLOW);

  it('exits on the signal within its shutdown timeout', () => {
    expect(exit.signal ?? exit.code).toBe('SIGTERM');
    expect(exit.at - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
  });

  it('leaves nothing in flight: running handlers finished, unstarted messages went back', () => {
    expect(afterExit.inflight).toBe(0);
  });

  it('loses nothing: every message was handled or is still in the queue', () => {
    const handled = new Set(first.map((r) => r.id));
    const lost = ids.filter((id) => !handled.has(id) && !remaining.has(id));
    const deletedUnhandled = [...handled].filter((id) => remaining.has(id));
    expect({ lost, handledAndStillQueued: deletedUnhandled.length }).toEqual({
      lost: [],
      handledAndStillQueued: 0,
    });
  });

  it(
    'lets a second instance finish the rest, with every message handled',
    async () => {
      const file = join(dir, 'term-2.jsonl');
      const app = consumer(QUEUE, file, { CONCURRENCY: '20' });
      await app.ready;
      await waitFor(
        () => readRecords(file).length >= remaining.size && counts(QUEUE).visible === 0,
        'the second instance to drain the queue',
        SLOW,
      );
      await app.kill('SIGTERM');
      const all = [...first, ...readRecords(file)];
      const handled = new Set(all.map((r) => r.id));
      reportFigures('process-death (SIGTERM)', {
        messages: ids.length,
        handledBeforeSignal: first.length,
        exitMs: exit.at - signalledAt,
        inflightAfterExit: afterExit.inflight,
        lost: ids.filter((id) => !handled.has(id)).length,
        duplicates: duplicatesIn(all),
      });
      expect(ids.filter((id) => !handled.has(id))).toEqual([]);
      expect(counts(QUEUE)).toEqual({ visible: 0, inflight: 0, delayed: 0 });
    },
    SLOW,
  );
});

describe('SIGTERM while handlers run past the shutdown timeout', () => {
  const QUEUE = 'term-slow';
  const TIMEOUT_MS = 2_000;
  let ids: string[];
  let exit: ProcessExit;
  let signalledAt: number;

  beforeAll(async () => {
    ids = await fill(QUEUE, 3, 30);
    const app = consumer(QUEUE, join(dir, 'term-slow-1.jsonl'), {
      CONCURRENCY: '5',
      HANDLER_MS: '60000',
      SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    await app.ready;
    // Five in handlers and five received ahead of them (the prefetch, one receive's worth).
    await waitFor(() => counts(QUEUE).inflight === 10, 'five messages in handlers', SLOW);
    signalledAt = Date.now();
    exit = await app.kill('SIGTERM');
  }, SLOW);

  it('stops waiting at its shutdown timeout and exits', () => {
    expect(exit.signal ?? exit.code).toBe('SIGTERM');
    expect(exit.at - signalledAt).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(exit.at - signalledAt).toBeLessThan(TIMEOUT_MS + 1_500);
  });

  it(
    'loses none of the messages it gave up on: they come back to the next instance',
    async () => {
      const file = join(dir, 'term-slow-2.jsonl');
      const app = consumer(QUEUE, file, { CONCURRENCY: '10' });
      await app.ready;
      await waitFor(
        () => readRecords(file).length >= ids.length,
        'the second instance to handle every message',
        SLOW,
      );
      await app.kill('SIGTERM');
      const handled = new Set(readRecords(file).map((r) => r.id));
      expect(ids.filter((id) => !handled.has(id))).toEqual([]);
      expect(counts(QUEUE)).toEqual({ visible: 0, inflight: 0, delayed: 0 });
    },
    SLOW,
  );
});

describe('SIGKILL mid-run', () => {
  const QUEUE = 'kill';
  const VISIBILITY_SECONDS = 3;
  let ids: string[];
  let first: HandlingRecord[];
  let inflightAtKill: number;
  let killedAt: number;

  beforeAll(async () => {
    ids = await fill(QUEUE, VISIBILITY_SECONDS, 300);
    const file = join(dir, 'kill-1.jsonl');
    const app = consumer(QUEUE, file, { CONCURRENCY: '10', HANDLER_MS: '50' });
    await app.ready;
    await waitFor(() => readRecords(file).length >= 50, '50 handled messages', SLOW);
    await app.kill('SIGKILL');
    killedAt = Date.now();
    inflightAtKill = counts(QUEUE).inflight;
    first = readRecords(file);
  }, SLOW);

  it('leaves the messages it held in flight', () => {
    expect(inflightAtKill).toBeGreaterThan(0);
  });

  it(
    'lets a second instance pick them up after their visibility timeout, losing none',
    async () => {
      const file = join(dir, 'kill-2.jsonl');
      const app = consumer(QUEUE, file, { CONCURRENCY: '10' });
      await app.ready;
      await waitFor(
        () => {
          const handled = new Set([...first, ...readRecords(file)].map((r) => r.id));
          const c = counts(QUEUE);
          return handled.size === ids.length && c.visible + c.inflight + c.delayed === 0;
        },
        'every message handled and the queue empty',
        SLOW,
      );
      const tookOverAt = Date.now();
      await app.kill('SIGTERM');
      const second = readRecords(file);
      const handled = new Set([...first, ...second].map((r) => r.id));
      const redelivered = second.filter((r) => r.receiveCount > 1);
      reportFigures('process-death (SIGKILL)', {
        messages: ids.length,
        handledBeforeKill: first.length,
        inflightAtKill,
        redeliveredAfterVisibilityTimeout: redelivered.length,
        drainedMsAfterKill: tookOverAt - killedAt,
        lost: ids.filter((id) => !handled.has(id)).length,
        duplicates: duplicatesIn([...first, ...second]),
      });
      expect(ids.filter((id) => !handled.has(id))).toEqual([]);
      // The ones the killed process held came back, received a second time.
      expect(redelivered.length).toBeGreaterThan(0);
    },
    SLOW,
  );
});

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ManualClock } from '../../../src/clock/manual-clock';
import { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import { startSqsServer } from '../../../src/server/start-sqs-server';
import type { SqsServerHandle } from '../../../src/server/sqs-server-options.interface';
import { jsonRequest, xmlCode } from '../raw-http';
import { type FuzzOutcome, sendFuzz } from './fuzz-client';
import { type FuzzRequest, protocolOf, RequestFuzzer } from './request-fuzzer';

/** Options of {@link runFuzz}. */
export interface FuzzRunOptions {
  readonly requests: number;
  readonly seed: number;
  /** Requests in flight at once. Default 8. */
  readonly concurrency?: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface Violation {
  readonly kind: string;
  readonly problem: string;
  readonly status: number;
  readonly body: string;
}

export interface FuzzFigures {
  readonly requests: number;
  readonly byKind: Record<string, number>;
  readonly byStatus: Record<string, number>;
  readonly closedWithoutResponse: number;
  readonly violations: Violation[];
  readonly heapBeforeMiB: number;
  readonly heapAfterMiB: number;
  readonly rssAfterMiB: number;
  readonly wallMs: number;
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Object.prototype & co. as they are now, to compare after the run. */
export function prototypeSnapshot(): string {
  const names = (o: object) => Object.getOwnPropertyNames(o).sort().join(',');
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map(names)
    .join('|');
}

const NODE_MAX_HEADER_SIZE = 16 * 1024;

function headSize(req: FuzzRequest): number {
  return Object.entries(req.headers).reduce(
    (n, [k, v]) => n + k.length + v.length + 4,
    req.path.length + 32,
  );
}

/** What is wrong with an answer, or undefined when it is acceptable. */
function problemWith(req: FuzzRequest, out: FuzzOutcome): string | undefined {
  if (out.type === 'timeout') return 'no answer within 10 s';
  if (out.status >= 500) return `server error ${out.status}`;
  if (req.transport !== 'http') {
    // Not HTTP, or a client that hung up: Node's parser may answer 400/413/431, or just close.
    return out.type === 'response' && ![400, 413, 431].includes(out.status)
      ? `unexpected ${out.status} to a non-HTTP request`
      : undefined;
  }
  if (out.type !== 'response') return 'connection closed without a response';
  if (out.status < 400) return undefined;
  if (out.status === 431 && headSize(req) > NODE_MAX_HEADER_SIZE) {
    // A request line and headers over Node's limit never reach SQS code; Node answers 431.
    return out.body === '' ? undefined : 'a 431 with a body';
  }
  if (req.path.startsWith('/_emulator')) return undefined;
  if (protocolOf(req) === 'json') {
    let body: { __type?: unknown; message?: unknown } = {};
    try {
      body = JSON.parse(out.body) as typeof body;
    } catch {
      return 'a JSON-protocol error whose body is not JSON';
    }
    if (typeof body.__type !== 'string' || typeof body.message !== 'string') {
      return 'a JSON-protocol error without __type and message';
    }
    if (!/^[\w.]+;(Sender|Receiver)$/.test(String(out.headers['x-amzn-query-error']))) {
      return 'a JSON-protocol error without x-amzn-query-error';
    }
    return out.headers['content-type'] === 'application/x-amz-json-1.0'
      ? undefined
      : 'a JSON-protocol error with another content type';
  }
  const xml =
    out.headers['content-type'] === 'text/xml' &&
    out.body.includes('<ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">') &&
    xmlCode(out.body) !== undefined &&
    out.body.includes('<RequestId>');
  return xml ? undefined : 'a query-protocol error that is not an XML ErrorResponse';
}

/** A fuzz run against a running server: its figures, and the server to check afterwards. */
export interface FuzzRun {
  readonly figures: FuzzFigures;
  readonly server: SqsServerHandle;
  /** Stops the clock ticker and the server. */
  close(): Promise<void>;
}

/**
 * Starts the HTTP emulator (on a manual clock that a ticker moves one second every 5 ms, so the
 * long polls of generated receives end quickly), creates a standard and a FIFO queue, sends
 * `requests` generated requests `concurrency` at a time, and checks every answer.
 */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzRun> {
  const started = Date.now();
  const clock = new ManualClock();
  const ticker = setInterval(() => clock.advance(1_000), 5);
  const server = await startSqsServer({ port: 0, emulator: new SqsEmulator({ clock }) });
  await jsonRequest(server.url, 'CreateQueue', { QueueName: 'q' });
  await jsonRequest(server.url, 'CreateQueue', {
    QueueName: 'f.fifo',
    Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
  });
  const { requests } = options;
  const fuzzer = new RequestFuzzer(options.seed, server.url);
  const byKind: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const violations: Violation[] = [];
  let closed = 0;
  let sent = 0;
  let heapBefore = 0;
  const worker = async (): Promise<void> => {
    while (sent < requests) {
      const n = sent++;
      if (n === Math.min(300, Math.floor(requests / 10))) heapBefore = heapUsed();
      const req = fuzzer.next();
      byKind[req.kind] = (byKind[req.kind] ?? 0) + 1;
      const out = await sendFuzz(server.url, req);
      const status = out.type === 'response' ? String(out.status) : out.type;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (out.type !== 'response') closed++;
      const problem = problemWith(req, out);
      if (problem) {
        violations.push({
          kind: req.kind,
          problem,
          status: out.status,
          body: out.body.slice(0, 300),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  const heapAfter = heapUsed();
  const figures: FuzzFigures = {
    requests,
    byKind,
    byStatus,
    closedWithoutResponse: closed,
    violations,
    heapBeforeMiB: Math.round(heapBefore / 2 ** 20),
    heapAfterMiB: Math.round(heapAfter / 2 ** 20),
    rssAfterMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    wallMs: Date.now() - started,
  };
  return {
    figures,
    server,
    close: async () => {
      clearInterval(ticker);
      await server.close();
    },
  };
}

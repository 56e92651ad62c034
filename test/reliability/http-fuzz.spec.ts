import type { SqsServerHandle } from '../../src/server/sqs-server-options.interface';
import { jsonRequest, queryRequest } from '../support/raw-http';
import {
  type FuzzFigures,
  prototypeSnapshot,
  runFuzz,
  type FuzzRun,
} from '../support/reliability/fuzz-run';
import { reportFigures } from '../support/reliability/report';

/**
 * Generated malformed requests against the HTTP emulator, in both protocols: random bytes,
 * truncated bodies, invalid UTF-8, wrong JSON types, huge numbers and strings, deep nesting,
 * `__proto__`/`constructor` names, 10,000-entry batches, oversized headers, broken request lines
 * and clients that hang up mid-body. Seeded and bounded (FUZZ_REQUESTS, default 3,000).
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3_000);
const SEED = Number(process.env.FUZZ_SEED ?? 424242);
const HEAP_GROWTH_LIMIT = 64 * 1024 * 1024;

describe(`HTTP server fuzzing (${REQUESTS} generated requests, seed ${SEED})`, () => {
  let run: FuzzRun;
  let server: SqsServerHandle;
  let figures: FuzzFigures;
  const protoBefore = prototypeSnapshot();

  beforeAll(async () => {
    run = await runFuzz({ requests: REQUESTS, seed: SEED });
    server = run.server;
    figures = run.figures;
    reportFigures('http-fuzz', figures);
  }, 120_000);

  afterAll(async () => {
    await run.close();
  });

  it('answers every request without a 5xx, a hang or a crash', () => {
    expect(figures.violations.filter((v) => !v.problem.includes('error'))).toEqual([]);
    expect(Object.keys(figures.byStatus).filter((s) => s.startsWith('5'))).toEqual([]);
  });

  it('answers every refused request in SQS’s error format for its protocol', () => {
    expect(figures.violations).toEqual([]);
  });

  it('generated every kind of malformed request', () => {
    expect(Object.keys(figures.byKind).sort()).toEqual(
      [
        'http:hang-up',
        'http:huge-headers',
        'http:not-http',
        'json:10k-batch',
        'json:deep-nesting',
        'json:invalid-utf8',
        'json:random-bytes',
        'json:truncated',
        'json:wrong-types',
        'query:10k-batch',
        'query:deep-names',
        'query:params',
        'query:random-bytes',
      ].sort(),
    );
  });

  it('leaves Object.prototype and the other built-in prototypes untouched', () => {
    expect(prototypeSnapshot()).toBe(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps its heap bounded', () => {
    expect((figures.heapAfterMiB - figures.heapBeforeMiB) * 2 ** 20).toBeLessThan(
      HEAP_GROWTH_LIMIT,
    );
  });

  it('still serves both protocols correctly afterwards', async () => {
    // The fuzzer may have deleted or changed the queue: start from a fresh one.
    await jsonRequest(server.url, 'CreateQueue', { QueueName: 'after' });
    const url = `${server.url}/000000000000/after`;
    const sent = await jsonRequest(server.url, 'SendMessage', {
      QueueUrl: url,
      MessageBody: 'after',
    });
    const received = await queryRequest(
      server.url,
      `Action=ReceiveMessage&QueueUrl=${encodeURIComponent(url)}&MaxNumberOfMessages=10`,
    );
    expect({
      sent: sent.status,
      received: received.status,
      body: received.body.includes('<Body>after</Body>'),
    }).toEqual({
      sent: 200,
      received: 200,
      body: true,
    });
  });
});

/**
 * Every user-facing text of the testing kit, as functions, so its errors read the same.
 * Queue names are logical unless said otherwise.
 */

const q = (name: string) => `'${name}'`;

export const WAIT_FOR_IDLE_TIMED_OUT = (timeoutMs: number, pending: string) =>
  `waitForIdle() timed out after ${timeoutMs} ms (real time). Still pending:\n${pending}\n` +
  `Virtual time moves only on advance(ms): delayed messages and retries waiting out a backoff ` +
  `do not count as pending, but a consumer that is not polling does.`;

export const WAIT_FOR_TIMED_OUT = (
  queue: string,
  outcome: string,
  timeoutMs: number,
  advancedMs: number,
  seen: string,
  pending: string,
) =>
  `waitFor(${q(queue)}, { outcome: '${outcome}' }) found no matching message after ` +
  `${timeoutMs} ms of real time and ${advancedMs} ms of virtual time. ${seen}\nQueues now:\n${pending}`;

export const WAIT_FOR_BUDGET_SPENT = (
  queue: string,
  outcome: string,
  maxAdvanceMs: number,
  seen: string,
  pending: string,
) =>
  `waitFor(${q(queue)}, { outcome: '${outcome}' }) found no matching message within ` +
  `${maxAdvanceMs} ms of virtual time (maxAdvanceMs). ${seen}\nQueues now:\n${pending}`;

export const OUTCOMES_SEEN = (queue: string, counts: Record<string, number>) => {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([outcome, n]) => `${n} ${outcome}`);
  return parts.length > 0
    ? `Outcomes on ${q(queue)} so far (none matched the predicate): ${parts.join(', ')}.`
    : `No message on ${q(queue)} has been processed, failed or dead-lettered yet.`;
};

export const NOT_ON_TESTING_BACKEND = () =>
  `This application's SqsModule does not run on the testing kit's backend. Build the testing ` +
  `module with SqsTesting.createTestingModule({ imports: [AppModule] }), ` +
  `SqsTesting.useMemoryBackend(builder) or SqsTestingModule.forRoot({ queues }).`;

export const NO_SQS_MODULE = () =>
  `No SqsModule in this application: import SqsModule.forRoot(…) or forRootAsync(…) in the ` +
  `module under test (or SqsTestingModule.forRoot(…) in the test).`;

export const NO_DEAD_LETTER_QUEUE = (queue: string) =>
  `Queue ${q(queue)} has no dead-letter queue (no 'deadLetter' option or redrive policy). ` +
  `deadLetters() takes the source queue; to list a queue's own messages use messages(queue).`;

export const INVALID_ADVANCE = (ms: unknown) =>
  `advance(ms) needs a finite number of milliseconds >= 0, got ${String(ms)}.`;

export const INVALID_TIMEOUT = (option: string, value: unknown) =>
  `'${option}' must be a positive number of milliseconds, got ${String(value)}.`;

export const INVALID_OUTCOME = (value: unknown) =>
  `'outcome' must be 'processed', 'failed' or 'dead-lettered', got ${String(value)}.`;

/**
 * Network latency, simulated: how long a request takes to reach SQS and its answer to come back.
 * It waits on real timers, never on the emulator's clock: a `ManualClock` test stays instant
 * unless it asks for latency, and latency never moves visibility, delay or retention.
 */

/** A fixed latency in ms, or a range from which each request draws its own. */
export type SqsLatency = number | { readonly min: number; readonly max: number };

/** Why a latency setting is refused, in the words the CLI and the constructor use. */
export function latencyProblem(latency: SqsLatency): string | undefined {
  const { min, max } = typeof latency === 'number' ? { min: latency, max: latency } : latency;
  for (const v of [min, max]) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 60_000) {
      return `latency must be a number of milliseconds from 0 to 60000, got ${String(v)}`;
    }
  }
  if (min > max) return `latency range ${min}-${max} is empty: the minimum is above the maximum`;
  return undefined;
}

/** Parses the CLI's `MS` or `MIN-MAX`; throws with the reason. */
export function parseLatency(text: string): SqsLatency {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?)\s*)?$/.exec(text);
  if (!match) throw new Error(`--latency wants MS or MIN-MAX (milliseconds), got '${text}'`);
  const latency: SqsLatency =
    match[2] === undefined ? Number(match[1]) : { min: Number(match[1]), max: Number(match[2]) };
  const problem = latencyProblem(latency);
  if (problem) throw new Error(`--latency: ${problem}`);
  return latency;
}

function abortError(): Error {
  const error = new Error('The request was aborted');
  error.name = 'AbortError';
  return error;
}

/**
 * Delays requests by a latency drawn per request: half on the way in, before the action runs
 * (an abort then stops it, and nothing happened), half on the way out (the action has happened,
 * as on a network, whose answer an abort cannot take back).
 */
export class SimulatedLatency {
  private readonly min: number;
  private readonly span: number;

  constructor(
    latency: SqsLatency,
    private readonly random: () => number = Math.random,
  ) {
    const problem = latencyProblem(latency);
    if (problem) throw new RangeError(problem);
    const { min, max } = typeof latency === 'number' ? { min: latency, max: latency } : latency;
    this.min = min;
    this.span = max - min;
  }

  /** Whether any request waits at all. */
  get active(): boolean {
    return this.min + this.span > 0;
  }

  async around<T>(action: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    const total = this.min + this.random() * this.span;
    const inbound = total / 2;
    await wait(inbound, signal);
    if (signal?.aborted) throw abortError();
    const result = await action();
    await wait(total - inbound, undefined);
    return result;
  }
}

/** Waits `ms` of real time; an abort ends the wait early (the caller checks the signal). */
function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

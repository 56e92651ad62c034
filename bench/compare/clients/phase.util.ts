import { performance } from 'node:perf_hooks';

/** Wall time of a phase and the CPU both sides spent in it, as shares of one core. */
export interface PhaseCost {
  readonly seconds: number;
  /** CPU of this (the client) process / wall time. */
  readonly clientCpu: number;
  /** CPU of the server process / wall time, when readable. */
  readonly serverCpu?: number;
}

/** Runs `body` and measures its wall time and the client's and server's CPU meanwhile. */
export async function measurePhase<T>(
  serverCpuSeconds: () => number | undefined,
  body: () => Promise<T>,
): Promise<[T, PhaseCost]> {
  const s0 = serverCpuSeconds();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await body();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const s1 = serverCpuSeconds();
  return [
    result,
    {
      seconds,
      clientCpu: (c.user + c.system) / 1e6 / seconds,
      serverCpu: s0 === undefined || s1 === undefined ? undefined : (s1 - s0) / seconds,
    },
  ];
}

/** What one client workload run measured against one server. */
export interface WorkloadResult {
  /** Messages sent per second (SendMessageBatch of 10 at `clients` concurrent clients). */
  readonly sendRate: number;
  /** Messages received and deleted per second (ReceiveMessage 10 + DeleteMessageBatch). */
  readonly receiveRate: number;
  /** One SendMessage round trip, milliseconds. */
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly send: PhaseCost;
  readonly receive: PhaseCost;
  readonly verification: import('./body-verifier').VerifyResult;
}

/** Inputs of a client workload run. */
export interface WorkloadOptions {
  readonly endpoint: string;
  /** Messages to send and then consume. */
  readonly n: number;
  /** Concurrent clients (connections). */
  readonly clients: number;
  /** Sequential SendMessage round trips to time. */
  readonly latencySamples: number;
  /** The server's CPU clock (see `RunningServer.cpuSeconds`). */
  readonly serverCpuSeconds: () => number | undefined;
  /** Unique per run: names the queue and tags the bodies. */
  readonly tag: string;
  /**
   * Give up receiving when no new message has come for this long (a server that lost messages
   * would otherwise be polled forever); the verification then reports what is missing.
   */
  readonly idleGiveUpMs?: number;
}

import { seededRandom } from '../../src/backend/fault-injecting-sqs.backend';
import { type FaultRunResult, runFaultScenario } from '../support/reliability/fault-run';
import { reportFigures } from '../support/reliability/report';

/**
 * At-least-once under failure: an application on the memory backend, behind a backend that makes
 * 10% of sends, receives, deletes and visibility changes fail (throttling, 500s, timeouts,
 * connection resets; half of them after SQS carried the call out), with 20% of handler attempts
 * throwing and 2% running past the visibility timeout. Time is virtual, so this takes seconds.
 */
const MESSAGES = Number(process.env.RELIABILITY_FAULT_MESSAGES ?? 10_000);
const SEED = Number(process.env.RELIABILITY_SEED ?? 20260101);

describe('at-least-once delivery with injected faults', () => {
  describe('standard queue, 10,000 messages, 20% handler failures, 10% backend faults', () => {
    let run: FaultRunResult;

    beforeAll(async () => {
      // The consumer's backoff jitter comes from Math.random: seed it too, so a run replays.
      const random = jest.spyOn(Math, 'random').mockImplementation(seededRandom(SEED + 2));
      try {
        run = await runFaultScenario({
          messages: MESSAGES,
          seed: SEED,
          handlerFailureRate: 0.2,
          backendFaultRate: 0.1,
          slowHandlerRate: 0.02,
          concurrency: 32,
        });
      } finally {
        random.mockRestore();
      }
      reportFigures('fault-injection (standard)', run);
    }, 120_000);

    it('handles every message successfully at least once', () => {
      expect(run.delivery.lostIds).toEqual([]);
      expect(run.delivery.handledIds).toBe(MESSAGES);
    });

    it('loses no stored message, including copies a lost send response caused', () => {
      expect(run.delivery.lostMessages).toEqual([]);
      expect(run.delivery.lost).toBe(0);
    });

    it('deletes no message before a handler succeeded with it', () => {
      expect(run.delivery.prematureExamples).toEqual([]);
      expect(run.delivery.prematureDeletes).toBe(0);
    });

    it('never crashes and keeps consuming through every fault', () => {
      expect(run.crashes).toBe(0);
      expect(run.consumerRunning).toBe(true);
    });

    it('injected the faults it was asked for, of every kind and on every operation', () => {
      const { faults } = run;
      expect(faults.faults).toBeGreaterThan(0);
      for (const n of Object.values(faults.byKind)) expect(n).toBeGreaterThan(0);
      for (const n of Object.values(faults.byOperation)) expect(n).toBeGreaterThan(0);
      expect(faults.byPhase['response-lost']).toBeGreaterThan(0);
      expect(faults.byPhase['request-lost']).toBeGreaterThan(0);
      const calls = Object.values(faults.calls).reduce((a, b) => a + b, 0);
      expect(faults.faults / calls).toBeGreaterThan(0.08);
      expect(faults.faults / calls).toBeLessThan(0.12);
      expect(run.delivery.handlerFailures / run.delivery.handlerAttempts).toBeCloseTo(0.2, 1);
    });
  });

  describe('FIFO queue, 2,000 messages in 20 groups, same faults', () => {
    let run: FaultRunResult;

    beforeAll(async () => {
      const random = jest.spyOn(Math, 'random').mockImplementation(seededRandom(SEED + 3));
      try {
        run = await runFaultScenario({
          messages: Math.min(MESSAGES, 2_000),
          seed: SEED + 10,
          handlerFailureRate: 0.2,
          backendFaultRate: 0.1,
          slowHandlerRate: 0.02,
          concurrency: 16,
          fifoGroups: 20,
        });
      } finally {
        random.mockRestore();
      }
      reportFigures('fault-injection (FIFO)', run);
    }, 120_000);

    it('handles every message at least once and loses none', () => {
      expect(run.delivery.lostIds).toEqual([]);
      expect(run.delivery.lostMessages).toEqual([]);
    });

    it('deletes no message before a handler succeeded with it', () => {
      expect(run.delivery.prematureDeletes).toBe(0);
    });

    it('first handles the messages of each group in the order SQS stored them', () => {
      expect(run.delivery.fifoGroups).toBe(20);
      expect(run.delivery.orderViolations).toBe(0);
    });

    it('never crashes', () => {
      expect(run.crashes).toBe(0);
      expect(run.consumerRunning).toBe(true);
    });
  });

  describe('batch handlers reporting failed messages, same faults', () => {
    let standard: FaultRunResult;
    let fifo: FaultRunResult;

    beforeAll(async () => {
      const random = jest.spyOn(Math, 'random').mockImplementation(seededRandom(SEED + 4));
      const common = {
        seed: SEED + 20,
        handlerFailureRate: 0.2,
        backendFaultRate: 0.1,
        slowHandlerRate: 0.02,
        batchHandler: true,
      };
      try {
        standard = await runFaultScenario({
          ...common,
          messages: Math.min(MESSAGES, 5_000),
          concurrency: 32,
        });
        fifo = await runFaultScenario({
          ...common,
          messages: Math.min(MESSAGES, 2_000),
          concurrency: 16,
          fifoGroups: 20,
        });
      } finally {
        random.mockRestore();
      }
      reportFigures('fault-injection (batch, standard)', standard);
      reportFigures('fault-injection (batch, FIFO)', fifo);
    }, 120_000);

    it('loses nothing and deletes nothing early on a standard queue', () => {
      expect(standard.delivery).toMatchObject({ lost: 0, prematureDeletes: 0 });
      expect(standard.crashes).toBe(0);
    });

    it('loses nothing, deletes nothing early and keeps group order on a FIFO queue', () => {
      expect(fifo.delivery).toMatchObject({ lost: 0, prematureDeletes: 0, orderViolations: 0 });
      expect(fifo.crashes).toBe(0);
    });
  });
});

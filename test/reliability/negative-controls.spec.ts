import { seededRandom } from '../../src/backend/fault-injecting-sqs.backend';
import {
  type FaultRunOptions,
  type FaultRunResult,
  runFaultScenario,
} from '../support/reliability/fault-run';
import { reportFigures } from '../support/reliability/report';

const common = {
  seed: 20260101,
  handlerFailureRate: 0.2,
  backendFaultRate: 0.1,
  slowHandlerRate: 0,
  sabotage: 'unbooked-success' as const,
};

/**
 * Negative controls of the fault run: the same scenario as fault-injection.spec.ts (20% handler
 * failures, 10% backend faults), with a sabotaged handler that tells the consumer it succeeded
 * without booking the success in the ledger — as a consumer that deletes before (or without) a
 * successful handling would look from the books. The ledger must report those messages
 * as lost and as deleted early; if it did not, a green fault-injection run would prove nothing.
 * The scenario never completes (the sabotaged ids are never handled), so it runs to its 6-hour
 * virtual limit: about half a second each.
 */
async function sabotagedRun(
  options: Omit<FaultRunOptions, keyof typeof common>,
): Promise<FaultRunResult> {
  // The consumer's backoff jitter comes from Math.random: seeded, so a run replays.
  const random = jest.spyOn(Math, 'random').mockImplementation(seededRandom(common.seed + 2));
  try {
    return await runFaultScenario({ ...common, ...options });
  } finally {
    random.mockRestore();
  }
}

describe('negative controls: the fault run’s checks fail when a handler cheats', () => {
  describe('one successful handling in 20 goes unbooked (standard queue, 1,000 messages)', () => {
    let run: FaultRunResult;

    beforeAll(async () => {
      run = await sabotagedRun({
        messages: 1_000,
        concurrency: 32,
        sabotageRate: 0.05,
      });
      reportFigures('negative control: unbooked successes (standard)', run);
    }, 30_000);

    it('sabotaged some handlings, and the consumer deleted their messages', () => {
      expect(run.sabotaged).toBeGreaterThan(10);
      expect(run.delivery.deletes).toBeGreaterThanOrEqual(run.delivery.storedMessages);
    });

    it('reports the sabotaged messages as deleted before a handler succeeded', () => {
      // At most one per sabotaged handling: one whose delete failed came back and may since
      // have been handled honestly.
      expect(run.delivery.prematureDeletes).toBeGreaterThan(10);
      expect(run.delivery.prematureDeletes).toBeLessThanOrEqual(run.sabotaged);
      expect(run.delivery.prematureExamples.length).toBeGreaterThan(0);
    });

    it('reports them lost: ids never handled and stored messages never handled', () => {
      expect(run.delivery.lost).toBeGreaterThan(0);
      expect(run.delivery.lostIds.length).toBeGreaterThan(0);
      expect(run.delivery.lostMessages.length).toBeGreaterThan(0);
      expect(run.delivery.handledIds).toBeLessThan(run.delivery.messages);
    });
  });

  describe('every success unbooked, batch handler (FIFO, 300 messages in 10 groups)', () => {
    let run: FaultRunResult;

    beforeAll(async () => {
      run = await sabotagedRun({
        messages: 300,
        concurrency: 16,
        fifoGroups: 10,
        batchHandler: true,
      });
      reportFigures('negative control: unbooked successes (batch, FIFO)', run);
    }, 30_000);

    it('reports every message lost and deleted early', () => {
      expect(run.delivery.handledIds).toBe(0);
      expect(run.delivery.lost).toBe(run.delivery.messages + run.delivery.storedMessages);
      expect(run.delivery.prematureDeletes).toBe(run.delivery.storedMessages);
      // A handling whose delete failed comes back and is sabotaged again.
      expect(run.sabotaged).toBeGreaterThanOrEqual(run.delivery.storedMessages);
    });
  });
});

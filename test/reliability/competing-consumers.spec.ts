import {
  type CompetingRunResult,
  runCompetingConsumers,
} from '../support/reliability/competing-run';
import { reportFigures } from '../support/reliability/report';

/**
 * Four consumer processes on one HTTP emulator. CI runs 4,000 messages per queue type so the
 * folder stays within its time budget on a shared 2-core machine; `npm run soak` (bench/soak.bench.ts)
 * runs the 50,000. COMPETING_MESSAGES overrides the count here.
 *
 * Handlers take 5 ms of real time (COMPETING_HANDLER_MS overrides), so that two handlings of one
 * message would overlap if its visibility did not hold (with 0 ms handlers an overlap can hardly
 * happen, and the check could not fail); it costs about 2.5 s. The last block is the negative
 * control: with the queue's visibility timeout at 0, the same check must find overlaps.
 */
const MESSAGES = Number(process.env.COMPETING_MESSAGES ?? 4_000);
const HANDLER_MS = Number(process.env.COMPETING_HANDLER_MS ?? 5);
const SLOW = 120_000;

describe(`competing consumers: 4 processes, ${MESSAGES} messages`, () => {
  describe('standard queue', () => {
    let run: CompetingRunResult;

    beforeAll(async () => {
      run = await runCompetingConsumers({
        processes: 4,
        messages: MESSAGES,
        concurrency: 10,
        visibilitySeconds: 30,
        handlerMs: HANDLER_MS,
        timeoutMs: SLOW - 20_000,
      });
      reportFigures('competing-consumers (standard)', run);
    }, SLOW);

    it('handles every message and empties the queue', () => {
      expect({ lost: run.lost, queueEmpty: run.queueEmpty }).toEqual({ lost: 0, queueEmpty: true });
    });

    it('never has one message in two handlers at once while its visibility holds', () => {
      expect(run.overlaps).toBe(0);
    });

    it('spreads the work over every process', () => {
      expect(run.perProcess.every((n) => n > 0)).toBe(true);
    });
  });

  describe('FIFO queue, 40 message groups', () => {
    let run: CompetingRunResult;

    beforeAll(async () => {
      run = await runCompetingConsumers({
        processes: 4,
        messages: MESSAGES,
        fifoGroups: 40,
        concurrency: 10,
        visibilitySeconds: 30,
        handlerMs: HANDLER_MS,
        timeoutMs: SLOW - 20_000,
      });
      reportFigures('competing-consumers (FIFO)', run);
    }, SLOW);

    it('handles every message exactly once and empties the queue', () => {
      expect({ lost: run.lost, duplicates: run.duplicates, queueEmpty: run.queueEmpty }).toEqual({
        lost: 0,
        duplicates: 0,
        queueEmpty: true,
      });
    });

    it('keeps each group in order across processes, one message at a time', () => {
      expect({
        groups: run.fifoGroups,
        orderViolations: run.orderViolations,
        groupOverlaps: run.groupOverlaps,
      }).toEqual({ groups: 40, orderViolations: 0, groupOverlaps: 0 });
    });

    it('spreads the groups over every process', () => {
      expect(run.perProcess.every((n) => n > 0)).toBe(true);
    });
  });

  describe('negative control: visibility timeout 0, so the visibility never holds', () => {
    let run: CompetingRunResult;

    beforeAll(async () => {
      // A received message stays visible, so a consumer with free slots receives it again while
      // another handler still runs it (200 ms): 10 messages, 20 slots in two processes. This is
      // exactly what the overlap check must catch.
      run = await runCompetingConsumers({
        processes: 2,
        messages: 10,
        concurrency: 10,
        visibilitySeconds: 0,
        handlerMs: 200,
        timeoutMs: 30_000,
      });
      reportFigures('competing-consumers (negative control, visibility 0)', run);
    }, 60_000);

    it('finds messages handled by two consumers at once', () => {
      expect(run.overlaps).toBeGreaterThan(0);
      expect(run.duplicates).toBeGreaterThan(0);
    });
  });
});

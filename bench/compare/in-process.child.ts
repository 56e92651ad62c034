/**
 * Runs part 2's measurements in a fresh process (its own heap, `--expose-gc` for the memory
 * figure) and prints them as one JSON line. Started by in-process.part.ts.
 */
import { bytesPerMessage, measureBacklog } from '../emulator.bench';
import type { InProcessRequest, InProcessResult } from './in-process.part';

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2]) as InProcessRequest;
  const backlogs: { backlog: number; rates: number[] }[] = [];
  for (const backlog of req.backlogs) {
    const rates = await measureBacklog(backlog, {
      rounds: req.rounds,
      messages: req.messages,
      warmup: req.warmup,
    });
    backlogs.push({ backlog, rates });
  }
  const perMessage = await bytesPerMessage(req.memoryMessages);
  const result: InProcessResult = {
    node: process.version,
    backlogs,
    bytesPerMessage: perMessage ?? null,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

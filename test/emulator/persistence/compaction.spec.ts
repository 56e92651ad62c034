import { rmSync } from 'node:fs';
import { ManualClock } from '../../../src/clock';
import { SqsEmulator } from '../../../src/emulator';
import { crashCopy } from '../../support/persistence/crash-copy';
import { RestartableEmulator } from '../../support/persistence/restartable-emulator';
import { dumpState } from '../../support/persistence/state-dump';
import { MixedWorkload, probeDeduplication } from '../../support/persistence/workload';

let r: RestartableEmulator;
afterEach(async () => {
  await r.dispose();
});

/**
 * Opens `copy` (a crash copy of the data directory) at the same time, and returns its dump and
 * the deduplication windows it has open for `workload`'s FIFO sends.
 */
async function afterCrash(
  copy: string,
  workload: MixedWorkload,
): Promise<{ dump: unknown[]; windows: boolean[] }> {
  const clock = new ManualClock(r.clock.now());
  const reopened = new SqsEmulator({ clock, persistence: { dir: copy, onWarning: () => {} } });
  try {
    const dump = await dumpState(reopened);
    return { dump, windows: await probeDeduplication(reopened, workload.fifoSends) };
  } finally {
    await reopened.close();
    rmSync(copy, { recursive: true, force: true });
  }
}

describe('persistence: compaction', () => {
  it.each([1, 2, 3])(
    'restores the same state from a snapshot taken while a mixed workload runs (seed %i)',
    async (seed) => {
      // The snapshot is written 64 records at a time, with a turn of the event loop between.
      r = await RestartableEmulator.start({ persistence: { snapshotSliceMs: 0 } });
      const workload = new MixedWorkload(() => r.emulator, r.clock, seed);
      await workload.setUp();
      // Enough state that writing the snapshot takes several slices, with requests between them.
      const url = (await r.emulator.createQueue({ QueueName: 'bulk' })).QueueUrl;
      for (let i = 0; i < 600; i++) {
        await r.emulator.sendMessageBatch({
          QueueUrl: url,
          Entries: Array.from({ length: 10 }, (_, j) => ({
            Id: `${j}`,
            MessageBody: `bulk-${i}-${j}-${'y'.repeat(200)}`,
          })),
        });
      }
      await workload.run(200);
      const persistence = r.emulator.persistence;
      let compacted = false;
      const compaction = persistence?.compact().then(() => (compacted = true));
      let during = 0;
      while (!compacted) {
        await workload.step();
        during++;
        // Requests reach a server on turns of the event loop, as the snapshot's slices do.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await compaction;
      expect(during).toBeGreaterThan(20);
      await workload.run(200);
      // How many steps ran during the compaction depends on the machine, and so whether the
      // run ended with a purge (which closes every window): some sends last, so windows are open.
      for (let i = 0; i < 3; i++) await workload.sendFifo();

      // What a SIGKILL now would leave, against the running emulator: the same messages, queues
      // and tasks, and the same deduplication windows open.
      const dump = await dumpState(r.emulator);
      const copy = crashCopy(r.dir);
      const windows = await probeDeduplication(r.emulator, workload.fifoSends);
      expect(windows).toContain(true);
      expect(await afterCrash(copy, workload)).toEqual({ dump, windows });
      // And a clean restart.
      const before = await dumpState(r.emulator);
      const restarted = await r.restart();
      expect(await dumpState(restarted)).toEqual(before);
    },
  );

  it('answers no request whose change a close during a compaction kept out of the directory', async () => {
    // close() waits for a running compaction before it closes the log; a long poll that took a
    // message meanwhile was answered, though the journal no longer took changes.
    r = await RestartableEmulator.start({ persistence: { snapshotSliceMs: 0 } });
    const sqs = r.emulator;
    const bulk = (await sqs.createQueue({ QueueName: 'bulk' })).QueueUrl;
    for (let i = 0; i < 30; i++) {
      const Entries = Array.from({ length: 10 }, (_, j) => ({ Id: `${j}`, MessageBody: `${i}` }));
      await sqs.sendMessageBatch({ QueueUrl: bulk, Entries });
    }
    const { QueueUrl } = await sqs.createQueue({ QueueName: 'q' });
    await sqs.sendMessage({ QueueUrl, MessageBody: 'M' });
    expect((await sqs.receiveMessage({ QueueUrl, VisibilityTimeout: 5 })).Messages).toHaveLength(1);
    const poll = sqs.receiveMessage({ QueueUrl, WaitTimeSeconds: 20, VisibilityTimeout: 600 }).then(
      (out) => `received ${out.Messages?.length ?? 0}`,
      (e: unknown) => (e as Error).name,
    );
    const compaction = sqs.persistence?.compact().catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const closing = sqs.close();
    r.clock.advance(5_000); // M is visible again, and the waiting poll takes it
    const answer = await poll;
    await closing;
    await compaction;
    const reopened = await r.restart();
    const visible = (await reopened.receiveMessage({ QueueUrl })).Messages?.length ?? 0;
    // Either the poll got M, and the directory knows it is in flight for 600 s, or it was refused.
    expect({ answer, visible }).toEqual(
      answer === 'received 1' ? { answer, visible: 0 } : { answer: 'InternalError', visible: 1 },
    );
  });

  it('keeps the directory bounded under steady traffic, compacting on its own', async () => {
    r = await RestartableEmulator.start({ persistence: { compactAfterBytes: 64 * 1024 } });
    const { QueueUrl } = await r.emulator.createQueue({ QueueName: 'q' });
    const body = 'z'.repeat(1024);
    let last = 0;
    let shrank = 0;
    let written = 0;
    // Traffic until the log has compacted three times on its own (each time the journal passed
    // 64 KiB), bounded so a log that never compacts fails rather than hangs.
    for (let i = 0; i < 20_000 && shrank < 3; i++) {
      await r.emulator.sendMessage({ QueueUrl, MessageBody: body });
      const { Messages } = await r.emulator.receiveMessage({ QueueUrl });
      await r.emulator.deleteMessage({ QueueUrl, ReceiptHandle: Messages?.[0].ReceiptHandle });
      const bytes = r.emulator.persistence?.diskBytes() ?? 0;
      if (bytes < last) shrank++;
      else written += bytes - last;
      last = bytes;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(shrank).toBe(3);
    expect(written).toBeGreaterThan(3 * 64 * 1024);
    // Every message went: a compaction leaves next to nothing.
    await r.emulator.persistence?.compact();
    expect(r.emulator.persistence?.diskBytes()).toBeLessThan(4 * 1024);
    const sqs = await r.restart();
    expect(sqs.peekMessages('q')).toEqual([]);
  });
});

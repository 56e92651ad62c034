import type { EmulatorState } from '../emulator-state';
import { isFifo } from '../queue/fifo-queue';
import { upcomingQueueId } from '../queue/sqs-queue';
import {
  attemptOp,
  dedupOp,
  messageOp,
  queueOp,
  STATE_FORMAT_VERSION,
  type MetaOp,
  type StateOp,
  taskOp,
} from './state-records';

/** The record that opens a snapshot (and every start-up's journal): who wrote the directory. */
export function metaOp(state: EmulatorState): MetaOp {
  return {
    k: 'meta',
    v: STATE_FORMAT_VERSION,
    region: state.region,
    account: state.accountId,
    nq: upcomingQueueId(),
  };
}

/**
 * The emulator's whole state as records, for a compaction snapshot. The log pulls this iterator
 * in slices while the emulator keeps serving, so it tolerates change between pulls: it copies the
 * list of queues (and of each queue's messages, when it reaches the queue), and at each pull
 * writes the current state of an entity that is still there, skipping what went meanwhile. Each
 * queue comes before its messages. Whatever changed after the log rotated its journal is in the
 * new journal too, replayed over this snapshot (see state-records.ts).
 */
export function* snapshotRecords(state: EmulatorState): Generator<StateOp> {
  yield metaOp(state);
  for (const queue of state.queues.all()) {
    if (queue.deleted) continue;
    yield queueOp(queue);
    const messages = [...queue.allMessages()];
    for (const m of messages) {
      if (queue.deleted) break;
      if (queue.get(m.seq) === m) yield messageOp(queue.id, state.accountId, m);
    }
    if (!isFifo(queue) || queue.deleted) continue;
    for (const [key, entry] of [...queue.deduplicationEntries()]) {
      yield dedupOp(queue.id, key, entry);
    }
    for (const [id, entry] of [...queue.attemptEntries()]) yield attemptOp(queue.id, id, entry);
  }
  const tasks = [...state.moveTasks.all()];
  for (const task of tasks) {
    if (state.moveTasks.all().includes(task) && !task.source.deleted) yield taskOp(task);
  }
  for (const [name, at] of [...state.queues.deletedNames()]) {
    if (state.queues.deletedSince(name) === at) yield { k: 'qx', n: name, at };
  }
}

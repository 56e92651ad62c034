import type { ReceivedMessage } from './received-message';

/**
 * FIFO ordering inside the consumer. Each active message group has one running call (a message,
 * or a batch holding some of the group's messages) and the messages received behind it, in
 * order. SQS hands out no more of a group while we hold some in flight — but a group can come
 * back while its call still runs (the call's visibility ran out, or its message was
 * dead-lettered), and then its new messages wait here rather than run beside the old call.
 */
export class FifoGroups {
  private readonly waiting = new Map<string, ReceivedMessage[]>();

  /**
   * Queues `messages` behind their groups and returns the ones that can start now (the first of
   * each group not already active). All are queued before any starts, so a head that fails at
   * once still finds its followers to put back.
   */
  admit(messages: readonly ReceivedMessage[]): ReceivedMessage[] {
    const heads: ReceivedMessage[] = [];
    for (const m of messages) {
      const key = groupOf(m);
      const chain = this.waiting.get(key);
      if (chain) chain.push(m);
      else {
        this.waiting.set(key, []);
        heads.push(m);
      }
    }
    return heads;
  }

  /**
   * Batch handlers: returns the messages whose groups are free, in order (they now hold their
   * groups, several messages of one group in one batch being fine), and queues the others
   * behind the batch that holds their group.
   */
  admitBatch(messages: readonly ReceivedMessage[]): ReceivedMessage[] {
    const ready: ReceivedMessage[] = [];
    const opened = new Set<string>();
    for (const m of messages) {
      const key = groupOf(m);
      const chain = this.waiting.get(key);
      if (chain && !opened.has(key)) chain.push(m);
      else {
        if (!chain) this.waiting.set(key, []);
        opened.add(key);
        ready.push(m);
      }
    }
    return ready;
  }

  /**
   * Batch handlers: the batch holding the groups of `messages` settled. Frees those groups and
   * returns what waited behind them: `released` for the groups in `broken` (a failure there must
   * not be overtaken), `next` for the others (admitted again: the next batch to run).
   */
  finishBatch(
    messages: readonly ReceivedMessage[],
    broken: ReadonlySet<string>,
  ): { next: ReceivedMessage[]; released: ReceivedMessage[] } {
    const next: ReceivedMessage[] = [];
    const released: ReceivedMessage[] = [];
    for (const key of new Set(messages.map(groupOf))) {
      const chain = this.waiting.get(key);
      if (!chain) continue;
      this.waiting.delete(key);
      (broken.has(key) ? released : next).push(...chain);
    }
    return { next: this.admitBatch(next), released };
  }

  /**
   * Batch handlers: `messages` of a group that holds its call wait behind that call after all
   * (the call was full), ahead of anything received since.
   */
  waitBehind(key: string, messages: readonly ReceivedMessage[]): void {
    const chain = this.waiting.get(key);
    if (chain) chain.unshift(...messages);
    else this.waiting.set(key, [...messages]);
  }

  /** `m` is done: the next message of its group, or undefined (the group is then closed). */
  next(m: ReceivedMessage): ReceivedMessage | undefined {
    const key = groupOf(m);
    const chain = this.waiting.get(key);
    if (!chain) return undefined;
    const next = chain.shift();
    if (next === undefined) this.waiting.delete(key);
    return next;
  }

  /** `m` failed: closes its group and returns the messages that waited behind it. */
  close(m: ReceivedMessage): ReceivedMessage[] {
    const key = groupOf(m);
    const chain = this.waiting.get(key);
    if (!chain) return [];
    this.waiting.delete(key);
    return chain;
  }

  /**
   * `m` failed but still runs (past its timeout): returns the messages waiting behind it, and
   * keeps its group taken so that no message of it starts until `m` settles (then `close`).
   */
  takeFollowers(m: ReceivedMessage): ReceivedMessage[] {
    return this.waiting.get(groupOf(m))?.splice(0) ?? [];
  }

  /** Takes every waiting message out (shutdown); running ones keep their groups open. */
  takeAllWaiting(): ReceivedMessage[] {
    const out: ReceivedMessage[] = [];
    for (const chain of this.waiting.values()) out.push(...chain.splice(0));
    return out;
  }
}

/** The group key of a message (FIFO messages always have one). */
export function groupOf(m: ReceivedMessage): string {
  return m.groupId ?? '';
}

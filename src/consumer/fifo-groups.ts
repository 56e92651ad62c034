import type { ReceivedMessage } from './received-message';

/**
 * FIFO ordering inside the consumer: each active message group has one running message and the
 * messages received behind it, in order. (SQS hands out no more of a group while we hold some,
 * so a group's messages only ever come from the receive that opened it.)
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

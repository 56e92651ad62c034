import type { Message } from '@aws-sdk/client-sqs';
import { SqsEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/clock';
import type { PeekedMessage } from '../../src/emulator';

/** A small seeded PRNG (mulberry32), so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The send order of a message: bodies are `<group>:<n>` with n increasing across the queue. */
function orderOf(body: string | undefined): number {
  return Number((body ?? '').split(':')[1]);
}

function byGroup(messages: readonly PeekedMessage[]): Map<string, PeekedMessage[]> {
  const groups = new Map<string, PeekedMessage[]>();
  for (const m of messages) {
    const list = groups.get(m.groupId ?? '') ?? [];
    list.push(m);
    groups.set(m.groupId ?? '', list);
  }
  for (const list of groups.values()) list.sort((a, b) => orderOf(a.body) - orderOf(b.body));
  return groups;
}

/**
 * The FIFO group rule under random sends, receives, deletes, visibility changes, dead-letter moves,
 * queue-delay changes, purges and time: a receive returns, per group, a prefix of the group that
 * holds no in-flight or delayed message, in order; and it leaves no group whose first message is
 * visible while it returned fewer messages than asked for.
 */
describe('FIFO group order under random operations', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`keeps the group rule for seed ${seed}`, async () => {
      const random = prng(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      const clock = new ManualClock(Date.UTC(2025, 0, 1));
      const sqs = new SqsEmulator({ clock });
      const dlq = await sqs.createQueue({
        QueueName: `dlq-${seed}.fifo`,
        Attributes: { FifoQueue: 'true' },
      });
      const dlqArn = sqs.inspectQueues().find((q) => q.name === `dlq-${seed}.fifo`)?.arn;
      const name = `q-${seed}.fifo`;
      const { QueueUrl } = await sqs.createQueue({
        QueueName: name,
        Attributes: {
          FifoQueue: 'true',
          VisibilityTimeout: '2',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 4 }),
        },
      });
      expect(dlq.QueueUrl).toBeDefined();
      const held: Message[] = [];
      let sent = 0;
      let received = 0;

      for (let step = 0; step < 3000; step++) {
        const r = random();
        if (r < 0.3) {
          const group = pick(['a', 'b', 'c']);
          sent++;
          await sqs.sendMessage({
            QueueUrl,
            MessageBody: `${group}:${sent}`,
            MessageGroupId: group,
            MessageDeduplicationId: `d${sent}`,
          });
        } else if (r < 0.6) {
          const max = 1 + Math.floor(random() * 10);
          const before = byGroup(sqs.peekMessages(name, { limit: 10_000 }));
          const res = await sqs.receiveMessage({
            QueueUrl,
            MaxNumberOfMessages: max,
            // At least 1 s: with 0 the messages are visible again by the check below.
            VisibilityTimeout: 1 + Math.floor(random() * 4),
          });
          const got = res.Messages ?? [];
          const after = sqs.peekMessages(name, { limit: 10_000 });
          const stillThere = new Set(after.map((m) => m.messageId));
          const delivered = new Set<string>();
          for (const m of got) {
            const group = before.get((m.Body ?? '').split(':')[0]) ?? [];
            // Every message ahead of m in its group came in this receive, ahead of it, or left
            // the queue (moved to the dead-letter queue): none was in flight or delayed.
            for (const ahead of group) {
              if (orderOf(ahead.body) >= orderOf(m.Body)) break;
              if (!delivered.has(ahead.messageId) && stillThere.has(ahead.messageId)) {
                throw new Error(
                  `seed ${seed} step ${step}: returned ${m.Body} behind ${ahead.body} (${ahead.state})`,
                );
              }
            }
            delivered.add(m.MessageId ?? '');
          }
          if (got.length < max) {
            for (const [group, list] of byGroup(after)) {
              if (list[0].state === 'visible') {
                throw new Error(
                  `seed ${seed} step ${step}: group ${group} starts with visible ${list[0].body} after a receive of ${got.length}/${max}`,
                );
              }
            }
          }
          received += got.length;
          held.push(...got);
        } else if (r < 0.75 && held.length > 0) {
          const m = held.splice(Math.floor(random() * held.length), 1)[0];
          await sqs.deleteMessage({ QueueUrl, ReceiptHandle: m.ReceiptHandle }).catch(expired);
        } else if (r < 0.85 && held.length > 0) {
          const m = pick(held);
          await sqs
            .changeMessageVisibility({
              QueueUrl,
              ReceiptHandle: m.ReceiptHandle,
              VisibilityTimeout: Math.floor(random() * 6),
            })
            .catch(expired);
        } else if (r < 0.86) {
          await sqs.setQueueAttributes({
            QueueUrl,
            Attributes: { DelaySeconds: String(Math.floor(random() * 3)) },
          });
        } else if (r < 0.862) {
          await sqs.purgeQueue({ QueueUrl });
          held.length = 0;
        } else {
          clock.advance(Math.floor(random() * 3000));
        }
      }
      // The run exercised what it is about.
      expect(sent).toBeGreaterThan(500);
      expect(received).toBeGreaterThan(500);
    });
  }
});

/** A FIFO handle whose receive is over answers InvalidParameterValue; that is expected here. */
function expired(e: unknown): void {
  if ((e as { Code?: string }).Code !== 'InvalidParameterValue') throw e;
}

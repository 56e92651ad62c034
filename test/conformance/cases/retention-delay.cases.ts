import type { TargetFactory } from '../conformance-target';
import {
  advance,
  bodies,
  createQueue,
  deleteAll,
  messageCounts,
  receive,
  receiveOne,
  s,
  send,
} from '../../support/conformance/queue-fixtures';
import { useTarget } from '../../support/conformance/use-target';

/** Delay queues, per-message delays and message retention (reference §1.2, §1.5, §1.10). */
export function retentionDelayCases(factory: TargetFactory): void {
  describe('delay', () => {
    const target = useTarget(factory);

    it("holds every message back for the queue's DelaySeconds", async () => {
      const q = await createQueue(target(), { attributes: { DelaySeconds: '10' } });
      await send(target(), q.url, 'x');
      expect(await messageCounts(target(), q.url)).toEqual({ visible: 0, inflight: 0, delayed: 1 });
      await advance(target(), s(10) - 1);
      expect(await receive(target(), q.url)).toEqual([]);
      await advance(target(), 1);
      expect(bodies(await receive(target(), q.url))).toEqual(['x']);
    });

    it('lets a per-message DelaySeconds override the queue delay', async () => {
      const q = await createQueue(target(), { attributes: { DelaySeconds: '60' } });
      await send(target(), q.url, 'x', { DelaySeconds: 5 });
      await advance(target(), s(5));
      expect(bodies(await receive(target(), q.url))).toEqual(['x']);
    });

    it('lets a per-message DelaySeconds of 0 skip the queue delay', async () => {
      const q = await createQueue(target(), { attributes: { DelaySeconds: '60' } });
      await send(target(), q.url, 'x', { DelaySeconds: 0 });
      expect(bodies(await receive(target(), q.url))).toEqual(['x']);
    });

    it('delays a single message on a queue without delay', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'later', { DelaySeconds: 900 });
      await send(target(), q.url, 'now');
      const now = await receive(target(), q.url, { MaxNumberOfMessages: 10 });
      expect(bodies(now)).toEqual(['now']);
      await deleteAll(target(), q.url, now);
      await advance(target(), s(900) - 1);
      expect(await receive(target(), q.url)).toEqual([]);
      await advance(target(), 1);
      expect(bodies(await receive(target(), q.url, { MaxNumberOfMessages: 10 }))).toEqual([
        'later',
      ]);
    });

    it('does not apply a change of the queue delay to waiting messages of a standard queue', async () => {
      const q = await createQueue(target(), { attributes: { DelaySeconds: '60' } });
      await send(target(), q.url, 'x');
      await target().sqs.setQueueAttributes({ QueueUrl: q.url, Attributes: { DelaySeconds: '0' } });
      await advance(target(), s(1));
      expect(await receive(target(), q.url)).toEqual([]);
      await advance(target(), s(59));
      expect(bodies(await receive(target(), q.url))).toEqual(['x']);
    });
  });

  describe('retention', () => {
    const target = useTarget(factory);

    it('deletes each message MessageRetentionPeriod after its own send time', async () => {
      const q = await createQueue(target(), { attributes: { MessageRetentionPeriod: '60' } });
      await send(target(), q.url, 'first');
      await advance(target(), s(30));
      await send(target(), q.url, 'second');
      await advance(target(), s(31));
      expect(
        bodies(await receive(target(), q.url, { MaxNumberOfMessages: 10, VisibilityTimeout: 0 })),
      ).toEqual(['second']);
      await advance(target(), s(30));
      expect(await receive(target(), q.url, { MaxNumberOfMessages: 10 })).toEqual([]);
    });

    it('keeps a message until the period has passed', async () => {
      const q = await createQueue(target(), { attributes: { MessageRetentionPeriod: '60' } });
      await send(target(), q.url, 'x');
      await advance(target(), s(59));
      expect(bodies(await receive(target(), q.url))).toEqual(['x']);
    });

    it('counts from the send time, not from the last receive', async () => {
      const q = await createQueue(target(), { attributes: { MessageRetentionPeriod: '60' } });
      await send(target(), q.url, 'x');
      await advance(target(), s(50));
      await receiveOne(target(), q.url, { VisibilityTimeout: 5 });
      await advance(target(), s(11));
      expect(await receive(target(), q.url)).toEqual([]);
    });

    it('removes a message whose retention ends while it is in flight', async () => {
      const q = await createQueue(target(), { attributes: { MessageRetentionPeriod: '60' } });
      await send(target(), q.url, 'x');
      await receiveOne(target(), q.url, { VisibilityTimeout: 120 });
      await advance(target(), s(121));
      expect(await receive(target(), q.url)).toEqual([]);
    });

    it('applies a shortened period to messages already in the queue', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'x');
      await advance(target(), s(10));
      await target().sqs.setQueueAttributes({
        QueueUrl: q.url,
        Attributes: { MessageRetentionPeriod: '60' },
      });
      await advance(target(), s(51));
      expect(await receive(target(), q.url)).toEqual([]);
    });

    it('removes expired messages from the approximate counts', async () => {
      const q = await createQueue(target(), { attributes: { MessageRetentionPeriod: '60' } });
      await send(target(), q.url, 'x');
      await advance(target(), s(61));
      expect((await messageCounts(target(), q.url)).visible).toBe(0);
    });
  });
}

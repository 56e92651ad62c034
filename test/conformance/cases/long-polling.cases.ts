import type { TargetFactory } from '../conformance-target';
import {
  returnedResult,
  startReceive,
  waitForPendingReceives,
} from '../../support/conformance/long-poll';
import {
  advance,
  bodies,
  createFifoQueue,
  createQueue,
  deleteAll,
  receiveOne,
  s,
  send,
  sendFifo,
  settle,
} from '../../support/conformance/queue-fixtures';
import { useTarget } from '../../support/conformance/use-target';

/** Long polling: early return, timeout, wake-ups on delay and visibility (reference §1.6). */
export function longPollingCases(factory: TargetFactory): void {
  describe('long polling', () => {
    const target = useTarget(factory);

    it('returns as soon as a message is sent, without time passing', async () => {
      const q = await createQueue(target());
      const poll = startReceive(target(), { QueueUrl: q.url, WaitTimeSeconds: 20 });
      await waitForPendingReceives(target());
      await send(target(), q.url, 'hello');
      expect(bodies((await returnedResult(poll)).Messages ?? [])).toEqual(['hello']);
    });

    it('does not wait to fill MaxNumberOfMessages', async () => {
      const q = await createQueue(target());
      const poll = startReceive(target(), {
        QueueUrl: q.url,
        WaitTimeSeconds: 20,
        MaxNumberOfMessages: 10,
      });
      await waitForPendingReceives(target());
      await send(target(), q.url, 'one');
      expect((await returnedResult(poll)).Messages).toHaveLength(1);
    });

    it('keeps waiting until WaitTimeSeconds has passed', async () => {
      const q = await createQueue(target());
      const poll = startReceive(target(), { QueueUrl: q.url, WaitTimeSeconds: 5 });
      await waitForPendingReceives(target());
      await advance(target(), s(5) - 1);
      await settle();
      expect(poll.settled()).toBe(false);
      await advance(target(), 1);
      await returnedResult(poll);
    });

    it('returns an empty response without a Messages key at the timeout', async () => {
      const q = await createQueue(target());
      const poll = startReceive(target(), { QueueUrl: q.url, WaitTimeSeconds: 5 });
      await waitForPendingReceives(target());
      await advance(target(), s(5));
      expect(await returnedResult(poll)).not.toHaveProperty('Messages');
      expect(target().emulator.pendingReceives()).toBe(0);
    });

    it("uses the queue's ReceiveMessageWaitTimeSeconds when WaitTimeSeconds is absent", async () => {
      const q = await createQueue(target(), {
        attributes: { ReceiveMessageWaitTimeSeconds: '10' },
      });
      const poll = startReceive(target(), { QueueUrl: q.url });
      await waitForPendingReceives(target());
      await advance(target(), s(9));
      await settle();
      expect(poll.settled()).toBe(false);
      await advance(target(), s(1));
      expect(await returnedResult(poll)).not.toHaveProperty('Messages');
    });

    it("lets WaitTimeSeconds 0 override the queue's wait time", async () => {
      const q = await createQueue(target(), {
        attributes: { ReceiveMessageWaitTimeSeconds: '20' },
      });
      const res = await target().sqs.receiveMessage({ QueueUrl: q.url, WaitTimeSeconds: 0 });
      expect(res).not.toHaveProperty('Messages');
    });

    it('wakes when a delayed message becomes visible', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'delayed', { DelaySeconds: 5 });
      const poll = startReceive(target(), { QueueUrl: q.url, WaitTimeSeconds: 20 });
      await waitForPendingReceives(target());
      await advance(target(), s(5));
      expect(bodies((await returnedResult(poll)).Messages ?? [])).toEqual(['delayed']);
    });

    it('wakes when an in-flight message becomes visible again', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'retry');
      await receiveOne(target(), q.url, { VisibilityTimeout: 3 });
      const poll = startReceive(target(), { QueueUrl: q.url, WaitTimeSeconds: 20 });
      await waitForPendingReceives(target());
      await advance(target(), s(3));
      expect(bodies((await returnedResult(poll)).Messages ?? [])).toEqual(['retry']);
    });

    it('wakes when a FIFO group is released by a delete', async () => {
      const q = await createFifoQueue(target());
      await sendFifo(target(), q.url, '1', 'g');
      await sendFifo(target(), q.url, '2', 'g');
      const first = await receiveOne(target(), q.url);
      const poll = startReceive(target(), { QueueUrl: q.url, WaitTimeSeconds: 20 });
      await waitForPendingReceives(target());
      await deleteAll(target(), q.url, [first]);
      expect(bodies((await returnedResult(poll)).Messages ?? [])).toEqual(['2']);
    });

    it('gives one message to only one of two waiting receives', async () => {
      const q = await createQueue(target());
      const a = startReceive(target(), { QueueUrl: q.url, WaitTimeSeconds: 20 });
      const b = startReceive(target(), { QueueUrl: q.url, WaitTimeSeconds: 20 });
      await waitForPendingReceives(target(), 2);
      await send(target(), q.url, 'only');
      await settle();
      await advance(target(), s(20));
      const results = await Promise.all([a.promise, b.promise]);
      expect(results.map((r) => (r.Messages ?? []).length).sort()).toEqual([0, 1]);
    });

    // SQS may hand a batch's messages to one poll or to several; the emulator hands them to the
    // first poll together, so that many waiting consumers make one receive and one delete per
    // batch, not one per message.
    describe('a batch that makes several messages receivable', () => {
      /**
       * Two long polls for up to 10 messages each; `bodies()` ends them and tells each's bodies,
       * the fuller first (over HTTP either may reach the server first).
       */
      async function twoPolls(url: string): Promise<{ bodies(): Promise<string[][]> }> {
        const request = { QueueUrl: url, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 };
        const polls = [startReceive(target(), request), startReceive(target(), request)];
        await waitForPendingReceives(target(), 2);
        return {
          async bodies() {
            await settle();
            await advance(target(), s(20));
            const results = await Promise.all(polls.map((p) => p.promise));
            return results
              .map((r) => (bodies(r.Messages ?? []) as string[]).sort())
              .sort((a, b) => b.length - a.length);
          },
        };
      }

      it('hands a SendMessageBatch to one waiting receive', async () => {
        const q = await createQueue(target());
        const polls = await twoPolls(q.url);
        await target().sqs.sendMessageBatch({
          QueueUrl: q.url,
          Entries: ['1', '2', '3'].map((b) => ({ Id: `e${b}`, MessageBody: b })),
        });
        expect(await polls.bodies()).toEqual([['1', '2', '3'], []]);
      });

      it('hands what a ChangeMessageVisibilityBatch releases to one waiting receive', async () => {
        const q = await createQueue(target());
        for (const body of ['1', '2', '3']) await send(target(), q.url, body);
        const { Messages = [] } = await target().sqs.receiveMessage({
          QueueUrl: q.url,
          MaxNumberOfMessages: 10,
        });
        expect(Messages).toHaveLength(3);
        const polls = await twoPolls(q.url);
        await target().sqs.changeMessageVisibilityBatch({
          QueueUrl: q.url,
          Entries: Messages.map((m, i) => ({
            Id: `e${i}`,
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 0,
          })),
        });
        expect(await polls.bodies()).toEqual([['1', '2', '3'], []]);
      });
    });

    it('rejects with an AbortError when the call is aborted', async () => {
      const q = await createQueue(target());
      const controller = new AbortController();
      const poll = startReceive(
        target(),
        { QueueUrl: q.url, WaitTimeSeconds: 20 },
        { abortSignal: controller.signal },
      );
      await waitForPendingReceives(target());
      controller.abort();
      await expect(poll.promise).rejects.toMatchObject({ name: 'AbortError' });
    });
  });
}

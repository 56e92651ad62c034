import type { ReceivedMessage } from '../../src/consumer/received-message';
import {
  inQueue,
  refused,
  type Rig,
  rig,
  slowHandlerHolding,
  sqsDeadline,
  stop,
} from '../support/consumer/outage-rig';

/**
 * An 8 s outage from about 48 s, when the 50 s handler ends, well within what SQS has left: it
 * must cost no second handling (no give-up of the delete).
 */
async function outageWhenTheHandlerEnds(r: Rig): Promise<void> {
  await r.run(9_000);
  r.port.down = true;
  await r.run(8_000);
  r.port.down = false;
  await r.run(60_000, 500);
  expect(r.errors.filter((e) => e.includes('Giving up'))).toEqual([]);
  expect(r.handled).toHaveLength(1);
  await stop(r);
}

describe('the visibility deadline the consumer counts on is SQS’s', () => {
  it('moves a message’s deadline only when its heartbeat extension lands', async () => {
    const { r, m } = await slowHandlerHolding();
    const deadline = m.visibleUntil;
    expect(deadline).toBe(m.receivedAt + 30_000);
    // The heartbeat at 15 s meets an outage: SQS still has the first deadline, and so must the
    // consumer (its retries of deletes and extensions stop by it).
    await r.run(13_000);
    r.port.down = true;
    await r.run(10_000);
    expect(m.visibleUntil).toBe(deadline);
    r.port.down = false;
    const back = r.clock.now();
    await r.run(3_000);
    // The retried extension landed: 30 s from when it was sent.
    expect(m.visibleUntil).toBeGreaterThanOrEqual(back + 30_000);
    expect(m.visibleUntil).toBeLessThanOrEqual(r.clock.now() + 30_000);
    await r.run(45_000);
    expect(r.handled).toHaveLength(1);
    expect(await inQueue(r)).toBe(0);
    await stop(r);
  });

  it('keeps the earlier deadline when a heartbeat answered late may have reached SQS first', async () => {
    const { r, m } = await slowHandlerHolding();
    // The heartbeat at 15 s reaches SQS at once, but its answer takes 2 s; meanwhile the handler
    // shortens its own visibility to 5 s, which SQS applies last.
    r.port.visibilityAnswerMs = 2_000;
    await r.run(15_500);
    await m.changeVisibility(5);
    await r.run(2_000);
    const sqs = sqsDeadline(r);
    expect(sqs.state).toBe('inflight');
    expect(m.visibleUntil).toBeLessThanOrEqual(sqs.visibleAt);
    r.port.visibilityAnswerMs = 0;
    await stop(r);
  });

  it('beats before the deadline it kept when a heartbeat and the handler’s change overlap', async () => {
    const { r, m } = await slowHandlerHolding();
    // The heartbeat at 15 s takes 2 s to reach SQS; meanwhile the handler asks for 120 s, which
    // SQS gets first: the heartbeat's 30 s, applied last, is SQS's deadline (about 47 s).
    r.port.visibilityRequestMs = 2_000;
    await r.run(15_000);
    await m.changeVisibility(120);
    await r.run(2_000);
    r.port.visibilityRequestMs = 0;
    expect(m.visibleUntil).toBeLessThanOrEqual(sqsDeadline(r).visibleAt);
    // The next heartbeat comes before that deadline, so the message stays invisible while its
    // handler runs (it ends at about 51 s).
    await r.run(32_000);
    expect(sqsDeadline(r).state).toBe('inflight');
    expect(r.handled).toHaveLength(1);
    await stop(r);
  });

  it('counts on the deadline of a change it sent until the change is answered', async () => {
    const { r, m } = await slowHandlerHolding();
    // At 14 s the handler shortens its visibility to 3 s; the request takes 2 s to reach SQS and
    // its answer 3 s to come back. The heartbeat at 15 s lands at once (45 s), and then SQS
    // applies the handler's change (19 s): until that answer, SQS may apply it at any moment, so
    // at no step may the consumer count on more.
    r.port.changeRequestMs = 2_000;
    r.port.changeAnswerMs = 3_000;
    await r.run(13_000);
    // The consumer counts the receive's visibility from its answer, a step after SQS handed the
    // message out (a known limit): that much is allowed.
    const transit = m.visibleUntil - sqsDeadline(r).visibleAt;
    expect(transit).toBeLessThanOrEqual(100);
    const change = m.changeVisibility(3);
    const seen: string[] = [];
    for (let step = 1; step <= 80; step++) {
      await r.run(100);
      const late = m.visibleUntil - sqsDeadline(r).visibleAt;
      if (late > transit) seen.push(`at +${step * 100} ms: ${late} ms late`);
    }
    await change;
    expect(seen).toEqual([]);
    // The handler still runs, and its message stays invisible.
    expect(sqsDeadline(r).state).toBe('inflight');
    await stop(r);
  });

  it('keeps the earlier deadline when a heartbeat that failed may have reached SQS last', async () => {
    const { r, m } = await slowHandlerHolding();
    // Just before the heartbeat at 15 s the handler asks for 120 s; its request reaches SQS at
    // 16.4 s. The heartbeat reaches SQS after it, at 17 s, and its answer is lost (it failed, but
    // SQS applied it: 47 s). The handler's answer comes at 17.05 s, before the heartbeat is
    // retried: which of the two SQS applied last is unknown, so 120 s must not be trusted.
    r.port.changeRequestMs = 1_500;
    r.port.changeAnswerMs = 650;
    r.port.visibilityLostAnswer = true;
    await r.run(13_000);
    const transit = m.visibleUntil - sqsDeadline(r).visibleAt;
    await r.run(1_000);
    expect(r.clock.now() - m.receivedAt).toBe(14_900);
    r.port.visibilityRequestMs = 2_000;
    const change = m.changeVisibility(120);
    const seen: string[] = [];
    for (let step = 1; step <= 400; step++) {
      await r.run(10, 10);
      const late = m.visibleUntil - sqsDeadline(r).visibleAt;
      if (late > transit) seen.push(`at +${step * 10} ms: ${late} ms late`);
    }
    await change;
    expect(seen).toEqual([]);
    r.port.visibilityRequestMs = 0;
    await stop(r);
  });

  it('does not count an extension that reached SQS after the deadline it knew', async () => {
    const { r, m } = await slowHandlerHolding();
    // Every extension fails until the first deadline has passed; the next heartbeat then gets an
    // answer, but SQS has made the message visible again and the extension changed nothing.
    await r.run(13_000);
    r.port.down = true;
    await r.run(15_500);
    r.port.down = false;
    await r.run(1_500);
    expect(sqsDeadline(r).state).not.toBe('inflight');
    expect(m.visibleUntil).toBeLessThanOrEqual(r.clock.now());
    await stop(r);
  });

  describe('a change that fails, or whose answer is lost', () => {
    /** Makes the handler's next change fail: before SQS (refused) or after it (answer lost). */
    async function failedChange(m: ReceivedMessage, r: Rig, seconds: number, applied: boolean) {
      const real = r.port.changeMessageVisibility.bind(r.port);
      r.port.changeMessageVisibility = (input) =>
        applied ? real(input).then(() => Promise.reject(refused())) : Promise.reject(refused());
      await expect(m.changeVisibility(seconds)).rejects.toThrow(/ECONNREFUSED/);
      r.port.changeMessageVisibility = real;
    }

    it('recovers the deadline with the next heartbeat when the change never reached SQS', async () => {
      const { r, m } = await slowHandlerHolding();
      await r.run(4_000);
      await failedChange(m, r, 5, false);
      // Heartbeats at 15 s and 30 s land; the consumer counts on what SQS has, still ahead.
      await r.run(35_000);
      expect(sqsDeadline(r).state).toBe('inflight');
      expect(m.visibleUntil).toBeGreaterThan(r.clock.now());
      expect(m.visibleUntil).toBeLessThanOrEqual(sqsDeadline(r).visibleAt);
      // So an 8 s outage when the handler ends costs no second handling.
      await outageWhenTheHandlerEnds(r);
    });

    it('beats before the deadline of a change SQS applied but whose answer was lost', async () => {
      const { r, m } = await slowHandlerHolding();
      await r.run(4_000);
      await failedChange(m, r, 5, true);
      // SQS has 5 s; the consumer counts on them, and its next beat comes before they end.
      expect(m.visibleUntil - r.clock.now()).toBeLessThanOrEqual(5_000);
      expect(m.nextBeatAt).toBeLessThan(m.visibleUntil);
      const visible: number[] = [];
      for (let step = 0; step < 150; step++) {
        await r.run(100);
        const sqs = sqsDeadline(r);
        if (sqs.state !== 'inflight' || sqs.visibleAt <= r.clock.now()) visible.push(step);
      }
      expect(visible).toEqual([]);
      await stop(r);
    });
  });

  // At 14 s the handler asks for 4 s, a change that takes `requestMs` to reach SQS and 5 s to
  // come back. While it is on its way no heartbeat can move the deadline, and SQS may apply it
  // at any moment: beats keep the message invisible whenever it lands, without a burst.
  it.each([2_000, 3_900])(
    'beats steadily while a slow change of the handler is on its way (%i ms to reach SQS)',
    async (requestMs) => {
      const { r, m } = await slowHandlerHolding();
      const beats: number[] = [];
      const real = r.port.changeMessageVisibilityBatch.bind(r.port);
      r.port.changeMessageVisibilityBatch = (input) => {
        beats.push(r.clock.now());
        return real(input);
      };
      r.port.changeRequestMs = requestMs;
      r.port.changeAnswerMs = 5_000;
      await r.run(13_000);
      const change = m.changeVisibility(4);
      const visible: number[] = [];
      for (let step = 0; step < 12_000; step++) {
        await r.run(1, 1);
        const sqs = sqsDeadline(r);
        if (sqs.state !== 'inflight' || sqs.visibleAt <= r.clock.now()) {
          visible.push(r.clock.now() - m.receivedAt);
        }
      }
      await change;
      expect(visible.slice(0, 1)).toEqual([]);
      const gaps = beats.slice(1).map((t, i) => t - beats[i]);
      expect(gaps.filter((g) => g < 1_000)).toEqual([]);
      expect(beats.length).toBeLessThanOrEqual(8);
      expect(r.handled).toHaveLength(1);
      await stop(r);
    },
  );

  it('keeps at most one extension waiting per message when they come faster than their answers', async () => {
    const { r, m } = await slowHandlerHolding();
    // A 2 s change of the handler hangs for 30 s, so beats come every second; each extension's
    // answer takes 2 s. The newer extension replaces the waiting one instead of queueing behind.
    r.port.changeRequestMs = 30_000;
    r.port.visibilityAnswerMs = 2_000;
    await r.run(13_000);
    const change = m.changeVisibility(2);
    const acks = (r.consumer as unknown as { acks: { visibility: { pending: number } } }).acks;
    let most = 0;
    for (let step = 0; step < 310; step++) {
      await r.run(100);
      most = Math.max(most, acks.visibility.pending);
    }
    await change;
    expect(most).toBeLessThanOrEqual(2);
    expect(sqsDeadline(r).state).toBe('inflight');
    r.port.visibilityAnswerMs = 0;
    await stop(r);
  });

  it('forgets a change of the handler that SQS refused as invalid (NaN seconds)', async () => {
    const { r, m } = await slowHandlerHolding();
    await r.run(3_000);
    await expect(m.changeVisibility(Number('soon'))).rejects.toThrow();
    // The heartbeats at 15 s and 30 s land and move the deadline as usual; so an 8 s outage when
    // the handler ends costs no second handling.
    await r.run(35_000);
    expect(m.visibleUntil).toBeGreaterThan(r.clock.now());
    await outageWhenTheHandlerEnds(r);
  });

  it('never shortens with a heartbeat the longer visibility the handler asked for', async () => {
    let m!: ReceivedMessage;
    const r = await rig(90_000, (x) => (m = x));
    await r.consumer.start();
    await r.emulator.sendMessage({ QueueUrl: r.queueUrl, MessageBody: '{}' });
    await r.run(1_000);
    // The handler asks for 120 s; the heartbeat comes at about 61 s. A 41 s outage from 59 s,
    // while SQS still has about 62 s, must cost no second handling.
    await m.changeVisibility(120);
    await r.run(58_000);
    expect(sqsDeadline(r).visibleAt - r.clock.now()).toBeGreaterThan(41_000);
    r.port.down = true;
    await r.run(41_000);
    r.port.down = false;
    await r.run(60_000, 500);
    expect(r.errors.filter((e) => e.includes('Giving up'))).toEqual([]);
    expect(r.handled).toHaveLength(1);
    expect(await inQueue(r)).toBe(0);
    await stop(r);
  });
});

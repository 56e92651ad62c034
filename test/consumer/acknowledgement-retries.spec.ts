import { inQueue, rig, stop } from '../support/consumer/outage-rig';

describe('deletes and visibility changes ride out a backend outage', () => {
  it('keeps retrying a delete through a 20 s outage and deletes the message once it is back', async () => {
    const r = await rig();
    await r.consumer.start();
    r.port.down = true;
    await r.emulator.sendMessage({ QueueUrl: r.queueUrl, MessageBody: '{}' });
    await r.run(20_000);
    expect(r.handled).toHaveLength(1);
    r.port.down = false;
    // Still well inside the 30 s visibility timeout: the next retry deletes it.
    await r.run(8_000);
    expect(await inQueue(r)).toBe(0);
    await r.run(60_000, 1_000);
    expect(r.handled).toHaveLength(1);
    expect(r.errors.filter((e) => e.includes('Giving up'))).toEqual([]);
    await stop(r);
  });

  it('gives up at the visibility deadline, says so once, and the message is handled again', async () => {
    const r = await rig();
    await r.consumer.start();
    r.port.down = true;
    await r.emulator.sendMessage({ QueueUrl: r.queueUrl, MessageBody: '{}' });
    await r.run(1_000);
    const [first] = r.port.deletes;
    const deadline = first.at + 30_000;
    await r.run(30_000);
    expect(r.errors.filter((e) => e.includes('Giving up'))).toEqual([
      expect.stringMatching(/visibility timeout.*delivered again/),
    ]);
    // The first delivery's delete was tried until its deadline and never after it: past it, the
    // handle belongs to a delivery that has ended.
    await r.run(20_000);
    const firstHandle = first.handles[0];
    const tries = r.port.deletes.filter((d) => d.handles.includes(firstHandle));
    expect(tries.length).toBeGreaterThan(5);
    expect(tries.every((d) => d.at < deadline)).toBe(true);
    expect(tries[tries.length - 1].at).toBeGreaterThan(deadline - 5_000);
    r.port.down = false;
    await r.run(10_000);
    expect(r.handled).toHaveLength(2);
    expect(await inQueue(r)).toBe(0);
    await stop(r);
  });

  it('keeps retrying a heartbeat through an outage, so a slow handler keeps its message', async () => {
    const r = await rig(50_000);
    await r.consumer.start();
    await r.emulator.sendMessage({ QueueUrl: r.queueUrl, MessageBody: '{}' });
    await r.run(1_000);
    expect(r.handled).toHaveLength(1);
    // The heartbeat at 15 s meets a 12 s outage: its extension lands before the 30 s deadline.
    await r.run(13_000);
    r.port.down = true;
    await r.run(12_000);
    r.port.down = false;
    await r.run(45_000);
    expect(r.handled).toHaveLength(1);
    expect(await inQueue(r)).toBe(0);
    await stop(r);
  });
});

import { acknowledged, recordDelete, verdict } from '../../support/persistence/acknowledged';

// The SIGKILL spec's oracle. A kill can land after the emulator made a delete durable and before
// its answer reached the client (CI saw it: "lost" bodies that a cut DeleteMessageBatch had taken).
describe('the SIGKILL oracle', () => {
  it('does not call a message lost when a delete the kill cut may have taken it', async () => {
    const ack = acknowledged();
    ack.sent.add('a');
    ack.sent.add('b');
    await expect(
      recordDelete(ack, ['a'], () => Promise.reject(new Error('socket hang up'))),
    ).rejects.toThrow('socket hang up');
    expect(verdict(ack, new Set(['b']))).toEqual({ lost: [], back: [] });
  });

  it('still calls an acknowledged send lost when nothing could have deleted it', () => {
    const ack = acknowledged();
    ack.sent.add('a');
    ack.sent.add('b');
    expect(verdict(ack, new Set(['b']))).toEqual({ lost: ['a'], back: [] });
  });

  it('counts only the entries the answer names as deleted, and finds them if they come back', async () => {
    const ack = acknowledged();
    for (const b of ['a', 'b', 'c']) ack.sent.add(b);
    await recordDelete(ack, ['a', 'b'], () => Promise.resolve([1]));
    expect(ack.unknown.size).toBe(0);
    // 'a' failed in the batch, so it must still be there; 'b' was deleted and must not come back.
    expect(verdict(ack, new Set(['b', 'c']))).toEqual({ lost: ['a'], back: ['b'] });
  });
});

import { FifoGroups } from '../../src/consumer/fifo-groups';
import type { ReceivedMessage } from '../../src/consumer/received-message';

const msg = (group: string, n: number) =>
  ({ groupId: group, id: `${group}${n}` }) as ReceivedMessage;

describe('FifoGroups', () => {
  it('starts only the first message of each group', () => {
    const groups = new FifoGroups();
    const heads = groups.admit([msg('a', 1), msg('b', 1), msg('a', 2), msg('b', 2)]);
    expect(heads.map((m) => m.id)).toEqual(['a1', 'b1']);
  });

  it('hands out a group’s messages in order, then closes it', () => {
    const groups = new FifoGroups();
    const [a1, a2, a3] = [msg('a', 1), msg('a', 2), msg('a', 3)];
    groups.admit([a1, a2, a3]);
    expect([groups.next(a1)?.id, groups.next(a2)?.id, groups.next(a3)]).toEqual([
      'a2',
      'a3',
      undefined,
    ]);
    expect(groups.admit([msg('a', 4)]).map((m) => m.id)).toEqual(['a4']);
  });

  it('queues a later receive’s message behind an active group', () => {
    const groups = new FifoGroups();
    const a1 = msg('a', 1);
    groups.admit([a1]);
    expect(groups.admit([msg('a', 2)])).toEqual([]);
    expect(groups.next(a1)?.id).toBe('a2');
  });

  it('returns the waiting messages of a failed group', () => {
    const groups = new FifoGroups();
    const a1 = msg('a', 1);
    groups.admit([a1, msg('a', 2), msg('a', 3), msg('b', 1)]);
    expect(groups.close(a1).map((m) => m.id)).toEqual(['a2', 'a3']);
    expect(groups.takeAllWaiting()).toEqual([]);
  });
});

import {
  type MessageIdWords,
  newMessageId,
  packMessageId,
  unpackMessageId,
} from '../../src/emulator/queue/message-id';
import { MessageRecord } from '../../src/emulator/queue/message-record';

describe('message ids', () => {
  it('are version-4 UUIDs', () => {
    for (let i = 0; i < 2000; i++) {
      expect(newMessageId()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });

  it('do not repeat across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(newMessageId());
    expect(seen.size).toBe(5000);
  });

  it('pack into four words and come back exactly', () => {
    const w: MessageIdWords = { w0: 0, w1: 0, w2: 0, w3: 0 };
    for (let i = 0; i < 2000; i++) {
      const id = newMessageId();
      expect(packMessageId(id, w)).toBe(true);
      expect(unpackMessageId(w)).toBe(id);
    }
    expect(packMessageId('ffffffff-ffff-ffff-ffff-ffffffffffff', w)).toBe(true);
    expect(unpackMessageId(w)).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff');
  });

  it.each([
    ['upper case', 'CF6BB2AE-6B3E-4C2A-9BA9-8DFF10ADFD98'],
    ['no dashes', 'cf6bb2ae6b3e4c2a9ba98dff10adfd98xxxx'],
    ['not hex', 'zf6bb2ae-6b3e-4c2a-9ba9-8dff10adfd98'],
    ['too short', 'cf6bb2ae-6b3e-4c2a-9ba9-8dff10adfd9'],
    ['all zero', '00000000-0000-0000-0000-000000000000'],
    ['any string', 'a message id from elsewhere'],
  ])('that cannot be packed (%s) are kept as they are', (_, id) => {
    const m = new MessageRecord(1, id, 'body', Date.now(), Date.now(), 'sender', undefined);
    expect(m.messageId).toBe(id);
  });

  it('are what a message reads back', () => {
    const id = newMessageId();
    const m = new MessageRecord(1, id, 'body', Date.now(), Date.now(), 'sender', undefined);
    expect(m.messageId).toBe(id);
  });
});

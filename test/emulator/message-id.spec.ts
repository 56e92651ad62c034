import { newMessageId } from '../../src/emulator/queue/message-id';

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
});

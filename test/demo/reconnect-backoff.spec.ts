import {
  reconnectDelay,
  RECONNECT_BASE_MS,
  RECONNECT_MAX_MS,
} from '../../src/demo/page/browser/reconnect-backoff';

describe("the page's reconnection backoff", () => {
  const never = () => 0.999_999;
  const always = () => 0;

  it('doubles from 0.5 s up to 15 s', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => reconnectDelay(attempt, never));

    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
    expect([RECONNECT_BASE_MS, RECONNECT_MAX_MS]).toEqual([500, 15_000]);
  });

  it('takes a random part, up to half, off each wait (jitter)', () => {
    expect(reconnectDelay(3, always)).toBe(2000);
    expect(reconnectDelay(3, () => 0.5)).toBe(3000);
  });

  it('never waits less on a later attempt than the earliest an earlier one could', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      expect(reconnectDelay(attempt + 1, always)).toBeGreaterThanOrEqual(
        reconnectDelay(attempt, always),
      );
    }
  });
});

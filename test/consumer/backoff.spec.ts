import { backendRetryDelayMs, exponentialBackoff } from '../../src/consumer/backoff';

describe('exponentialBackoff', () => {
  it('doubles from the base delay without jitter', () => {
    const backoff = exponentialBackoff({ baseSeconds: 2, jitter: false });
    expect([1, 2, 3, 4].map((n) => backoff(n, undefined))).toEqual([2, 4, 8, 16]);
  });

  it('caps the delay at maxSeconds', () => {
    const backoff = exponentialBackoff({ maxSeconds: 60, jitter: false });
    expect(backoff(20, undefined)).toBe(60);
  });

  it('jitters within [delay/2, delay], in whole seconds', () => {
    const low = exponentialBackoff({ random: () => 0 });
    const high = exponentialBackoff({ random: () => 0.999 });
    expect([low(5, undefined), high(5, undefined)]).toEqual([8, 16]);
  });

  it('never exceeds the 12-hour visibility limit', () => {
    expect(exponentialBackoff({ maxSeconds: 100_000, jitter: false })(40, undefined)).toBe(43_200);
  });
});

describe('backendRetryDelayMs', () => {
  it('grows from 250 ms and stops at 30 s', () => {
    const fixed = () => 1;
    expect([1, 2, 3, 20].map((n) => backendRetryDelayMs(n, fixed))).toEqual([
      250, 500, 1000, 30_000,
    ]);
  });
});

import { ThroughputMeter } from '../../src/dashboard/throughput-meter';

describe('throughput meter', () => {
  let now: number;
  let meter: ThroughputMeter;

  beforeEach(() => {
    now = Date.UTC(2026, 0, 1);
    meter = new ThroughputMeter(() => now);
  });

  it('returns 60 zero seconds for a queue without activity', () => {
    expect(meter.series('orders')).toEqual({
      sent: new Array(60).fill(0),
      deleted: new Array(60).fill(0),
    });
  });

  it('counts sends and deletes of the current second in the last slot', () => {
    meter.record('orders', 'sent');
    meter.record('orders', 'sent');
    meter.record('orders', 'deleted');
    const { sent, deleted } = meter.series('orders');
    expect(sent.at(-1)).toBe(2);
    expect(deleted.at(-1)).toBe(1);
  });

  it('shifts counts left as seconds pass', () => {
    meter.record('orders', 'sent');
    now += 3_000;
    meter.record('orders', 'sent');
    expect(meter.series('orders').sent.slice(-4)).toEqual([1, 0, 0, 1]);
  });

  it('forgets counts older than a minute', () => {
    meter.record('orders', 'sent');
    now += 60_000;
    expect(meter.series('orders').sent).toEqual(new Array(60).fill(0));
  });

  it('keeps queues apart', () => {
    meter.record('orders', 'sent');
    expect(meter.series('audit').sent.at(-1)).toBe(0);
  });

  describe('spread over a span (estimates between two polls)', () => {
    it('puts a span within the current second in the current second', () => {
      meter.recordSpread('orders', 'sent', 3, now - 0);
      expect(meter.series('orders').sent.at(-1)).toBe(3);
    });

    it('shares whole events out over the seconds of the span, in proportion', () => {
      now += 500; // half-way through a second
      meter.recordSpread('orders', 'sent', 10, now - 2_000);
      // 0.5 s of the second two ago, all of the last one, 0.5 s of this one.
      expect(meter.series('orders').sent.slice(-3)).toEqual([3, 5, 2]);
    });

    it('drops the share of seconds older than the window', () => {
      // One a second for two minutes, ending as the current second begins: the window holds
      // the 59 seconds before it.
      meter.recordSpread('orders', 'sent', 120, now - 120_000);
      const { sent } = meter.series('orders');
      expect(sent.reduce((a, b) => a + b)).toBe(59);
      expect(sent.slice(0, 59)).toEqual(new Array(59).fill(1));
    });
  });
});

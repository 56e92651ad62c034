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
});

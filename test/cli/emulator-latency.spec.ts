import { performance } from 'node:perf_hooks';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { parseEmulatorArgs, UsageError } from '../../src/cli/emulator-command';
import { EmulatorProcess } from '../support/persistence/emulator-process';
import { sdkClientFor } from '../support/ports/sdk-port';

describe('emulator command: --latency', () => {
  it('reads MS and MIN-MAX', () => {
    expect(parseEmulatorArgs(['--latency', '25'])).toMatchObject({ latency: 25 });
    expect(parseEmulatorArgs(['--latency', '10-30'])).toMatchObject({
      latency: { min: 10, max: 30 },
    });
    expect(parseEmulatorArgs([])).not.toHaveProperty('latency');
  });

  it.each([
    ['soon', "--latency wants MS or MIN-MAX (milliseconds), got 'soon'"],
    ['30-10', '--latency: latency range 30-10 is empty: the minimum is above the maximum'],
  ])('rejects %s', (value, message) => {
    expect(() => parseEmulatorArgs(['--latency', value])).toThrow(new UsageError(message));
  });

  it('answers over HTTP after the latency, and says so at start', async () => {
    const emulator = new EmulatorProcess(['--latency', '150']);
    try {
      const endpoint = await emulator.started();
      expect(emulator.stdout).toContain('latency 150 ms per request');
      const client = sdkClientFor(endpoint);
      try {
        await client.send(new ListQueuesCommand({})); // the connection is open now
        const start = performance.now();
        await client.send(new ListQueuesCommand({}));
        expect(performance.now() - start).toBeGreaterThan(140);
      } finally {
        client.destroy();
      }
    } finally {
      await emulator.stop();
    }
  }, 60_000);
});

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../src/clock';
import { applyQueueConfig } from '../../src/cli/apply-queue-config';
import { parseEmulatorArgs, runEmulatorCommand, UsageError } from '../../src/cli/emulator-command';
import { parseQueueConfig, QueueConfigError } from '../../src/cli/queue-config';
import { SqsEmulator } from '../../src/emulator';
import { EmulatorProcess } from '../support/persistence/emulator-process';
import { tempDataDir } from '../support/persistence/restartable-emulator';
import { sdkClientFor } from '../support/ports/sdk-port';

const SLOW = 60_000;

describe('emulator command: --data-dir and --fsync', () => {
  it('reads them', () => {
    expect(parseEmulatorArgs(['--data-dir', './data', '--fsync', 'always'])).toMatchObject({
      dataDir: './data',
      fsync: 'always',
    });
  });

  it.each([
    [['--fsync', 'sometimes'], '--fsync must be one of always, batch, never, got "sometimes"'],
    [['--data-dir', ''], '--data-dir must name a directory'],
  ])('rejects %j', (args, message) => {
    expect(() => parseEmulatorArgs(args)).toThrow(new UsageError(message));
  });

  it('refuses --fsync without a data directory, before binding the port', async () => {
    const options = parseEmulatorArgs(['--port', '0', '--fsync', 'never']);
    if (options === 'help') throw new Error('unexpected help');
    await expect(runEmulatorCommand(options)).rejects.toThrow(
      new UsageError('--fsync needs a data directory (--data-dir, or persistence in --config)'),
    );
  });
});

describe('config file: persistence', () => {
  it('takes a data directory relative to the config file, and an fsync policy', () => {
    expect(
      parseQueueConfig({ queues: {}, persistence: { dir: 'data', fsync: 'never' } }, '/etc/sqs'),
    ).toEqual({ queues: [], persistence: { dir: '/etc/sqs/data', fsync: 'never' } });
  });

  it.each([
    [{ persistence: 'data' }, 'persistence must be a map with a "dir" key'],
    [{ persistence: {} }, 'persistence.dir must be a directory path'],
    [
      { persistence: { dir: 'd', sync: 'never' } },
      'persistence: unknown key "sync" (use dir, fsync)',
    ],
    [
      { persistence: { dir: 'd', fsync: 'sometimes' } },
      'persistence.fsync must be one of always, batch, never, got "sometimes"',
    ],
  ])('rejects %j', (data, message) => {
    expect(() => parseQueueConfig(data)).toThrow(new QueueConfigError(message));
  });
});

describe('config queues over a restored data directory', () => {
  it('keeps a restored queue with its messages, and sets the declared attributes that changed', async () => {
    const data = tempDataDir();
    const clock = new ManualClock();
    const open = () => new SqsEmulator({ clock, persistence: { dir: data.dir } });
    try {
      let emulator = open();
      const config = (visibility: number) =>
        parseQueueConfig({
          queues: {
            orders: {
              attributes: { VisibilityTimeout: visibility },
              deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 },
              tags: { team: 'shop' },
            },
            'orders-dlq': {},
          },
        });
      expect((await applyQueueConfig(emulator, config(30))).map((q) => q.outcome)).toEqual([
        'created',
        'created',
      ]);
      const url = emulator.queueUrlOf('orders') as string;
      await emulator.sendMessage({ QueueUrl: url, MessageBody: 'kept' });
      await emulator.close();

      emulator = open();
      clock.advance(5_000);
      expect((await applyQueueConfig(emulator, config(30))).map((q) => q.outcome)).toEqual([
        'kept',
        'kept',
      ]);
      const { Attributes: unchanged } = await emulator.getQueueAttributes({
        QueueUrl: url,
        AttributeNames: ['LastModifiedTimestamp', 'CreatedTimestamp'],
      });
      expect(unchanged?.LastModifiedTimestamp).toBe(unchanged?.CreatedTimestamp);
      expect((await applyQueueConfig(emulator, config(45))).map((q) => q.outcome)).toEqual([
        'kept',
        'updated',
      ]);
      const { Attributes } = await emulator.getQueueAttributes({
        QueueUrl: url,
        AttributeNames: ['VisibilityTimeout'],
      });
      expect(Attributes?.VisibilityTimeout).toBe('45');
      expect(emulator.peekMessages('orders').map((m) => m.body)).toEqual(['kept']);
      await emulator.close();
    } finally {
      data.remove();
    }
  });
});

describe('nestjs-sqs-kit emulator --data-dir (process)', () => {
  const running: EmulatorProcess[] = [];
  const start = (...args: string[]) => {
    const p = new EmulatorProcess(args);
    running.push(p);
    return p;
  };
  afterEach(async () => {
    for (const p of running.splice(0)) await p.kill();
  });

  it(
    'comes back after a restart with its queues and messages, and says where and how many',
    async () => {
      const data = tempDataDir();
      const configFile = join(data.dir, 'sqs.yaml');
      writeFileSync(configFile, 'queues:\n  orders: {}\npersistence:\n  dir: ./state\n');
      try {
        const first = start('--config', configFile);
        let endpoint = await first.started();
        expect(first.stdout).toContain(
          `data directory ${join(data.dir, 'state')} (fsync batch): restored 0 queues and 0 messages`,
        );
        let client = sdkClientFor(endpoint);
        const QueueUrl = `${endpoint}/000000000000/orders`;
        await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'survives' }));
        await client.send(new CreateQueueCommand({ QueueName: 'extra' }));
        client.destroy();
        expect(await first.stop()).toBe(0);

        const second = start('--config', configFile, '--fsync', 'always', '--log-level', 'info');
        endpoint = await second.started();
        expect(second.stdout).toContain(
          `data directory ${join(data.dir, 'state')} (fsync always): restored 2 queues and 1 message`,
        );
        expect(second.stdout).toMatch(/kept queue http:\/\/127\.0\.0\.1:\d+\/000000000000\/orders/);
        client = sdkClientFor(endpoint);
        const { Messages } = await client.send(
          new ReceiveMessageCommand({ QueueUrl: `${endpoint}/000000000000/orders` }),
        );
        client.destroy();
        expect(Messages?.[0].Body).toBe('survives');
      } finally {
        data.remove();
      }
    },
    SLOW,
  );

  it(
    'refuses a data directory another live emulator has open, and one that is corrupt',
    async () => {
      const data = tempDataDir();
      try {
        const owner = start('--data-dir', data.dir);
        const endpoint = await owner.started();
        const client = sdkClientFor(endpoint);
        await client.send(new CreateQueueCommand({ QueueName: 'a' }));
        await client.send(new CreateQueueCommand({ QueueName: 'b' }));
        client.destroy();

        const second = start('--data-dir', data.dir);
        expect((await second.exited).code).toBe(1);
        expect(second.stderr).toContain(
          `Data directory error: data directory ${data.dir} is in use`,
        );
        expect(await owner.stop()).toBe(0);

        // Damage a byte in the first record, with a valid one after it: not a torn tail.
        const journal = readdirSync(data.dir).find((n) => n.startsWith('journal-')) as string;
        const bytes = readFileSync(join(data.dir, journal));
        bytes[30] ^= 0xff;
        writeFileSync(join(data.dir, journal), bytes);
        const third = start('--data-dir', data.dir);
        expect((await third.exited).code).toBe(1);
        expect(third.stderr).toMatch(
          new RegExp(`Data directory error: ${join(data.dir, journal)} at byte \\d+: `),
        );
      } finally {
        data.remove();
      }
    },
    SLOW,
  );
});

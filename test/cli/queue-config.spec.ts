import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqsEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/clock';
import { applyQueueConfig } from '../../src/cli/apply-queue-config';
import {
  creationOrder,
  loadQueueConfig,
  parseQueueConfig,
  QueueConfigError,
} from '../../src/cli/queue-config';

function configError(data: unknown): string {
  try {
    parseQueueConfig(data);
  } catch (e) {
    if (e instanceof QueueConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a QueueConfigError');
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqs-config-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('queue config: schema', () => {
  it('reads a map of queues keyed by name, with string attribute values', () => {
    expect(
      parseQueueConfig({
        queues: {
          orders: {
            attributes: { VisibilityTimeout: 30, ContentBasedDeduplication: false },
            deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 },
            tags: { team: 'shop' },
          },
          'orders-dlq': null,
        },
      }),
    ).toEqual({
      queues: [
        {
          name: 'orders',
          fifo: false,
          attributes: { VisibilityTimeout: '30', ContentBasedDeduplication: 'false' },
          tags: { team: 'shop' },
          deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 },
        },
        { name: 'orders-dlq', fifo: false, attributes: {}, tags: {}, deadLetter: undefined },
      ],
    });
  });

  it('reads a list of queues with names', () => {
    expect(
      parseQueueConfig({ queues: [{ name: 'a' }, { name: 'b' }] }).queues.map((q) => q.name),
    ).toEqual(['a', 'b']);
  });

  it('makes a .fifo queue FIFO without being told', () => {
    expect(parseQueueConfig({ queues: { 'p.fifo': {} } }).queues[0]).toMatchObject({
      fifo: true,
      attributes: { FifoQueue: 'true' },
    });
  });

  it('rejects an unknown queue key, naming the allowed ones', () => {
    expect(configError({ queues: { a: { visibility: 3 } } })).toBe(
      'queues.a: unknown key "visibility" (use name, fifo, attributes, tags, deadLetter)',
    );
  });

  it('rejects an unknown top-level key', () => {
    expect(configError({ queue: {} })).toBe('unknown top-level key "queue"');
  });

  it('rejects a dead-letter queue that is not declared', () => {
    expect(configError({ queues: { a: { deadLetter: { queue: 'b', maxReceiveCount: 1 } } } })).toBe(
      'queue "a": dead-letter queue "b" is not declared',
    );
  });

  it('rejects a maxReceiveCount outside 1–1000', () => {
    expect(
      configError({ queues: { a: { deadLetter: { queue: 'b', maxReceiveCount: 0 } }, b: {} } }),
    ).toBe('queues.a.deadLetter.maxReceiveCount must be an integer 1–1000');
  });

  it('rejects a deadLetter together with a RedrivePolicy attribute', () => {
    expect(
      configError({
        queues: {
          a: {
            attributes: { RedrivePolicy: '{}' },
            deadLetter: { queue: 'b', maxReceiveCount: 1 },
          },
          b: {},
        },
      }),
    ).toBe('queues.a: give either deadLetter or attributes.RedrivePolicy');
  });

  it('rejects a queue declared twice', () => {
    expect(configError({ queues: [{ name: 'a' }, { name: 'a' }] })).toBe(
      'queue "a" is declared twice',
    );
  });

  it('rejects a nested value as an attribute', () => {
    expect(configError({ queues: { a: { attributes: { Policy: { x: 1 } } } } })).toBe(
      'queues.a.attributes.Policy must be a string, number or boolean',
    );
  });

  it('keeps a __proto__ tag as an ordinary tag', () => {
    const config = parseQueueConfig(JSON.parse('{"queues":{"a":{"tags":{"__proto__":"x"}}}}'));
    expect(Object.keys(config.queues[0].tags)).toEqual(['__proto__']);
  });
});

describe('queue config: creation order', () => {
  it('puts every dead-letter queue before the queues that use it', () => {
    const { queues } = parseQueueConfig({
      queues: {
        a: { deadLetter: { queue: 'b', maxReceiveCount: 1 } },
        b: { deadLetter: { queue: 'c', maxReceiveCount: 1 } },
        c: {},
      },
    });
    expect(creationOrder(queues).map((q) => q.name)).toEqual(['c', 'b', 'a']);
  });

  it('rejects a dead-letter cycle', () => {
    const { queues } = parseQueueConfig({
      queues: {
        a: { deadLetter: { queue: 'b', maxReceiveCount: 1 } },
        b: { deadLetter: { queue: 'a', maxReceiveCount: 1 } },
      },
    });
    expect(() => creationOrder(queues)).toThrow('dead-letter cycle: a → b → a');
  });
});

describe('queue config: files', () => {
  it('reads YAML', async () => {
    const path = tempFile('q.yaml', 'queues:\n  orders:\n    attributes: { DelaySeconds: 5 }\n');
    expect((await loadQueueConfig(path)).queues[0]).toMatchObject({
      name: 'orders',
      attributes: { DelaySeconds: '5' },
    });
  });

  it('reads JSON', async () => {
    const path = tempFile('q.json', '{"queues":[{"name":"orders"}]}');
    expect((await loadQueueConfig(path)).queues.map((q) => q.name)).toEqual(['orders']);
  });

  it('reports a file that does not parse', async () => {
    const path = tempFile('q.json', '{"queues":');
    await expect(loadQueueConfig(path)).rejects.toThrow(/is not valid \.json/);
  });

  it('reports a file that does not exist', async () => {
    await expect(loadQueueConfig('/nonexistent/q.yaml')).rejects.toThrow(
      /cannot read \/nonexistent\/q\.yaml/,
    );
  });
});

describe('queue config: applying it to an emulator', () => {
  async function apply(data: unknown): Promise<SqsEmulator> {
    const emulator = new SqsEmulator({ clock: new ManualClock() });
    await applyQueueConfig(emulator, parseQueueConfig(data));
    return emulator;
  }

  it('creates the queue with a redrive policy to its dead-letter queue', async () => {
    const emulator = await apply({
      queues: {
        orders: { deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 } },
        'orders-dlq': {},
      },
    });
    expect(emulator.inspectQueues().find((q) => q.name === 'orders')).toMatchObject({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq',
      maxReceiveCount: 3,
    });
  });

  it('creates attributes, tags and FIFO queues as declared', async () => {
    const emulator = await apply({
      queues: {
        'p.fifo': { attributes: { ContentBasedDeduplication: true }, tags: { team: 'pay' } },
      },
    });
    const url = emulator.queueUrlOf('p.fifo') as string;
    const { Attributes } = await emulator.getQueueAttributes({
      QueueUrl: url,
      AttributeNames: ['FifoQueue', 'ContentBasedDeduplication'],
    });
    const { Tags } = await emulator.listQueueTags({ QueueUrl: url });
    expect({ Attributes, Tags }).toEqual({
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
      Tags: { team: 'pay' },
    });
  });

  it('reports an attribute SQS rejects, naming the queue', async () => {
    await expect(
      apply({ queues: { a: { attributes: { VisibilityTimeout: 99999 } } } }),
    ).rejects.toThrow(
      'queue "a": InvalidAttributeValue: Invalid value for the parameter VisibilityTimeout.',
    );
  });
});

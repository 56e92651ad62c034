import { DemoConfig } from '../../src/demo/config/demo-config';
import { emulatorQueueConfig } from '../../src/demo/config/demo-queues';
import { buildSqsOptions } from '../../src/demo/config/demo-sqs-options';

const configOf = (env: Record<string, string>) => new DemoConfig((name) => env[name]);

describe('demo configuration', () => {
  it('runs on the emulator process with consumers, 20% failures and the usual ports by default', () => {
    expect(configOf({})).toMatchObject({
      backend: 'emulator',
      autoStartup: true,
      failureRate: 0.2,
      retryDelaySeconds: 1,
      host: '127.0.0.1',
      port: 3000,
      notifierPort: 3001,
      sqsPort: 9324,
      sqsEndpoint: 'http://127.0.0.1:9324',
      notifierUrl: 'http://127.0.0.1:3001',
    });
  });

  it("still reads SQS_BACKEND=memory, the name before the demo had processes, as the emulator's", () => {
    expect(configOf({ SQS_BACKEND: 'memory' }).backend).toBe('emulator');
  });

  it('turns consumers off with SQS_AUTO_STARTUP=false', () => {
    expect(configOf({ SQS_AUTO_STARTUP: 'false' }).autoStartup).toBe(false);
  });

  it('rejects a DEMO_FAILURE_RATE outside 0 to 1, naming the variable', () => {
    expect(() => configOf({ DEMO_FAILURE_RATE: '1.5' })).toThrow(
      "DEMO_FAILURE_RATE must be a number from 0 to 1, got '1.5'.",
    );
  });

  it('rejects an unknown SQS_BACKEND', () => {
    expect(() => configOf({ SQS_BACKEND: 'sns' })).toThrow(
      "SQS_BACKEND must be 'emulator' or 'aws', got 'sns'.",
    );
  });

  it('points both services at the emulator, with timeouts, on the aws backend of the module', () => {
    const config = configOf({ SQS_PORT: '9400' });

    const orders = buildSqsOptions(config, 'orders');
    const notifier = buildSqsOptions(config, 'notifier');

    expect(orders.backend).toBe('aws');
    expect(orders.aws).toMatchObject({
      endpoint: 'http://127.0.0.1:9400',
      region: 'us-east-1',
      requestHandler: {
        connectionTimeout: 1000,
        requestTimeout: 3000,
        throwOnRequestTimeout: true,
      },
      maxAttempts: 2,
    });
    // The notifier's calls include 20-second long polls.
    expect(notifier.aws).toMatchObject({
      requestHandler: { requestTimeout: 25_000, throwOnRequestTimeout: true },
    });
  });

  it('runs consumers and the dashboard in the notifier only', () => {
    const config = configOf({});

    expect(buildSqsOptions(config, 'orders')).toMatchObject({ autoStartup: false });
    expect(buildSqsOptions(config, 'orders').dashboard).toBeUndefined();
    expect(buildSqsOptions(config, 'notifier')).toMatchObject({
      autoStartup: true,
      dashboard: { enabled: true, path: '/sqs' },
    });
  });

  it('defaults the region to us-east-1 when only AWS_ENDPOINT_URL_SQS is given', () => {
    const config = configOf({ SQS_BACKEND: 'aws', AWS_ENDPOINT_URL_SQS: 'http://sqs.local:9324' });

    expect(buildSqsOptions(config, 'orders').aws).toEqual({
      region: 'us-east-1',
      endpoint: 'http://sqs.local:9324',
      requestHandler: {
        connectionTimeout: 1000,
        requestTimeout: 3000,
        throwOnRequestTimeout: true,
      },
      maxAttempts: 2,
    });
  });

  it('leaves region and credentials to the SDK when none are set (profiles, roles)', () => {
    expect(buildSqsOptions(configOf({ SQS_BACKEND: 'aws' }), 'orders').aws).toEqual({
      requestHandler: {
        connectionTimeout: 1000,
        requestTimeout: 3000,
        throwOnRequestTimeout: true,
      },
      maxAttempts: 2,
    });
  });

  it('dead-letters orders after 3 receives and retries after DEMO_RETRY_DELAY_SECONDS', () => {
    const options = buildSqsOptions(configOf({ DEMO_RETRY_DELAY_SECONDS: '2' }), 'notifier');

    expect(options.queues.orders.deadLetter).toEqual({ queue: 'orders-dlq', maxReceiveCount: 3 });
    expect(options.consumer?.backoff?.(1, new Error('x'))).toBe(2);
  });

  it("gives the emulator the services' queues, with the same redrive policy", () => {
    const options = buildSqsOptions(configOf({}), 'notifier');
    const { queues } = emulatorQueueConfig();

    expect(Object.keys(queues).sort()).toEqual(
      Object.values(options.queues)
        .map((q) => q.name)
        .sort(),
    );
    expect(queues.orders.deadLetter).toEqual(options.queues.orders.deadLetter);
  });
});

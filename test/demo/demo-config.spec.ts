import { DemoConfig } from '../../src/demo/config/demo-config';
import { buildSqsOptions } from '../../src/demo/config/demo-sqs-options';

const configOf = (env: Record<string, string>) => new DemoConfig((name) => env[name]);

describe('demo configuration', () => {
  it('runs on the memory backend with consumers, 20% failures and the usual ports by default', () => {
    expect(configOf({})).toMatchObject({
      backend: 'memory',
      autoStartup: true,
      failureRate: 0.2,
      retryDelaySeconds: 1,
      host: '127.0.0.1',
      port: 3000,
      sqsPort: 9324,
    });
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
      "SQS_BACKEND must be 'memory' or 'aws', got 'sns'.",
    );
  });

  it('defaults the region to us-east-1 when only AWS_ENDPOINT_URL_SQS is given', () => {
    const config = configOf({ SQS_BACKEND: 'aws', AWS_ENDPOINT_URL_SQS: 'http://sqs.local:9324' });

    expect(buildSqsOptions(config).aws).toEqual({
      region: 'us-east-1',
      endpoint: 'http://sqs.local:9324',
    });
  });

  it('leaves region and credentials to the SDK when none are set (profiles, roles)', () => {
    expect(buildSqsOptions(configOf({ SQS_BACKEND: 'aws' })).aws).toEqual({});
  });

  it('dead-letters orders after 3 receives and retries after DEMO_RETRY_DELAY_SECONDS', () => {
    const options = buildSqsOptions(configOf({ DEMO_RETRY_DELAY_SECONDS: '2' }));

    expect(options.queues.orders.deadLetter).toEqual({ queue: 'orders-dlq', maxReceiveCount: 3 });
    expect(options.consumer?.backoff?.(1, new Error('x'))).toBe(2);
  });
});

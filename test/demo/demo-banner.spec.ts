import { DemoConfig } from '../../src/demo/config/demo-config';
import { formatBanner } from '../../src/demo/demo-banner';

const configOf = (env: Record<string, string>) => new DemoConfig((name) => env[name]);

describe('demo start banner', () => {
  const memory = {
    config: configOf({}),
    url: 'http://127.0.0.1:3000',
    sqsEndpoint: 'http://127.0.0.1:9324',
    servesEmulator: true,
  };

  it('prints where the page, the REST API, the event stream and the SQS endpoint are', () => {
    const banner = formatBanner(memory);

    expect(banner).toContain('page          http://127.0.0.1:3000/');
    expect(banner).toContain('POST http://127.0.0.1:3000/orders ');
    expect(banner).toContain('live events   http://127.0.0.1:3000/orders/events');
    expect(banner).toContain('SQS endpoint  http://127.0.0.1:9324');
  });

  it('prints a curl line that places an order', () => {
    expect(formatBanner(memory)).toContain(
      `curl -X POST http://127.0.0.1:3000/orders -H 'content-type: application/json' -d '{"item":"coffee","quantity":2}'`,
    );
  });

  it('prints an aws CLI line that needs no credentials against the emulator', () => {
    expect(formatBanner(memory)).toContain(
      'aws --endpoint-url http://127.0.0.1:9324 --region us-east-1 --no-sign-request sqs list-queues',
    );
  });

  it('says when only producers run', () => {
    const banner = formatBanner({ ...memory, config: configOf({ SQS_AUTO_STARTUP: 'false' }) });

    expect(banner).toContain('producers only (SQS_AUTO_STARTUP=false)');
  });

  it('names the endpoint and region of the aws backend', () => {
    const banner = formatBanner({
      config: configOf({ SQS_BACKEND: 'aws', AWS_REGION: 'eu-west-1' }),
      url: 'http://127.0.0.1:3000',
      sqsEndpoint: 'http://localhost:4566',
      servesEmulator: false,
    });

    expect(banner).toContain('backend aws (eu-west-1)');
    expect(banner).toContain('aws --endpoint-url http://localhost:4566 sqs list-queues');
  });
});

import { DemoConfig } from '../../src/demo/config/demo-config';
import { type BannerInput, formatBanner } from '../../src/demo/launcher/demo-banner';

const configOf = (env: Record<string, string>) => new DemoConfig((name) => env[name]);

describe('demo start banner', () => {
  const emulator: BannerInput = {
    config: configOf({}),
    url: 'http://127.0.0.1:3000',
    sqsEndpoint: 'http://127.0.0.1:9324',
    processes: [
      { name: 'emulator', pid: 101, url: 'http://127.0.0.1:9324' },
      { name: 'notifier', pid: 102, url: 'http://127.0.0.1:3001' },
      { name: 'orders', pid: 103, url: 'http://127.0.0.1:3000' },
    ],
    dataDir: `${process.cwd()}/.demo-data`,
    readyMs: 8_250,
  };

  it('prints where the page, the REST API, the WebSocket feed and the SQS endpoint are', () => {
    const banner = formatBanner(emulator);

    expect(banner).toContain('page          http://127.0.0.1:3000/');
    expect(banner).toContain('POST http://127.0.0.1:3000/orders ');
    expect(banner).toContain('live events   ws://127.0.0.1:3000/ws');
    expect(banner).toContain('dashboard     http://127.0.0.1:3000/sqs');
    expect(banner).toContain('http://127.0.0.1:9324/dashboard');
    expect(banner).toContain('SQS endpoint  http://127.0.0.1:9324');
  });

  it('says how long the start took and where the emulator keeps its state', () => {
    expect(formatBanner(emulator)).toContain(
      'nestjs-sqs-kit demo, ready in 8.3 s: SQS from the emulator process (state in .demo-data/)',
    );
  });

  it('names each process with its pid, for kill', () => {
    const banner = formatBanner(emulator);

    expect(banner).toContain('processes     emulator  pid 101     http://127.0.0.1:9324');
    expect(banner).toContain('                notifier  pid 102     http://127.0.0.1:3001');
    expect(banner).toContain('                orders    pid 103     http://127.0.0.1:3000');
  });

  it('prints the commands that break one process at a time', () => {
    const banner = formatBanner(emulator);

    expect(banner).toContain('stop notifier');
    expect(banner).toContain('restart emulator');
    expect(banner).toContain('kill notifier');
  });

  it('prints a curl line that places an order', () => {
    expect(formatBanner(emulator)).toContain(
      `curl -X POST http://127.0.0.1:3000/orders -H 'content-type: application/json' -d '{"item":"coffee","quantity":2}'`,
    );
  });

  it('prints an aws CLI line that needs no credentials against the emulator', () => {
    expect(formatBanner(emulator)).toContain(
      'aws --endpoint-url http://127.0.0.1:9324 --region us-east-1 --no-sign-request sqs list-queues',
    );
  });

  it('says when the consumers are off', () => {
    const banner = formatBanner({ ...emulator, config: configOf({ SQS_AUTO_STARTUP: 'false' }) });

    expect(banner).toContain('consumers off (SQS_AUTO_STARTUP=false)');
  });

  it('names the endpoint and region of the aws backend, and offers no emulator restart', () => {
    const banner = formatBanner({
      ...emulator,
      config: configOf({ SQS_BACKEND: 'aws', AWS_REGION: 'eu-west-1' }),
      sqsEndpoint: 'http://localhost:4566',
      processes: emulator.processes.slice(1),
    });

    expect(banner).toContain('SQS backend aws (eu-west-1)');
    expect(banner).toContain('aws --endpoint-url http://localhost:4566 sqs list-queues');
    expect(banner).not.toContain('restart emulator');
    expect(banner).not.toContain('/dashboard');
  });
});

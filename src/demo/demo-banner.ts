import type { DemoApp } from './demo-app';

/** What the demo prints once it listens: where everything is, and commands to try. */
export function formatBanner(
  demo: Pick<DemoApp, 'config' | 'url' | 'sqsEndpoint' | 'servesEmulator'>,
): string {
  const { config, url, sqsEndpoint, servesEmulator } = demo;
  const mode = [
    servesEmulator
      ? 'backend memory (the in-process SQS emulator)'
      : `backend aws${config.awsRegion ? ` (${config.awsRegion})` : ''}`,
    config.autoStartup
      ? 'consumers running'
      : 'producers only (SQS_AUTO_STARTUP=false): messages stay in the queues',
    `${Math.round(config.failureRate * 100)}% of orders fail (DEMO_FAILURE_RATE)`,
  ];
  const sqsLine = servesEmulator
    ? `${sqsEndpoint}  (serves the demo's queues to any SQS client)`
    : (sqsEndpoint ?? 'the AWS SDK default endpoint for the region');
  // The emulator checks no signature: the aws CLI needs neither credentials nor a profile.
  const awsCommand = servesEmulator
    ? `aws --endpoint-url ${sqsEndpoint} --region us-east-1 --no-sign-request sqs list-queues`
    : `aws${sqsEndpoint ? ` --endpoint-url ${sqsEndpoint}` : ''} sqs list-queues`;
  const lines = [
    '',
    `nestjs-sqs-kit demo: ${mode.join(', ')}`,
    '',
    `  page          ${url}/`,
    `  REST          POST ${url}/orders         one order → queue 'orders'`,
    `                POST ${url}/orders/batch   {"count":20} orders at once`,
    `                POST ${url}/payments/burst FIFO payments, one message group per account`,
    `                GET  ${url}/orders/stats   processed, failed and dead-lettered counts`,
    `                GET  ${url}/health         queues reachable, consumers running`,
    `  live events   ${url}/orders/events  (Server-Sent Events)`,
    `  dashboard     ${url}/sqs  (queues, dead letters, consumers)`,
    `  SQS endpoint  ${sqsLine}`,
    '',
    'Try:',
    `  curl -X POST ${url}/orders -H 'content-type: application/json' -d '{"item":"coffee","quantity":2}'`,
    `  curl -N ${url}/orders/events`,
    `  ${awsCommand}`,
    '',
    'Ctrl-C stops: consumers finish the messages they hold first.',
    '',
  ];
  return lines.join('\n');
}

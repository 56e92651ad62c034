import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import type { SqsModuleOptions } from '../../index';
import type { Payment } from '../payments/payment.interface';
import { type DemoConfig, EMULATOR_CLIENT, isWildcardAddress } from './demo-config';
import { DEMO_QUEUE_NAMES, ORDERS_MAX_RECEIVE_COUNT } from './demo-queues';

/** The two Nest applications of the demo. */
export type DemoService = 'orders' | 'notifier';

/**
 * How long the orders service waits on SQS before it answers 503: a request to a stopped or
 * frozen emulator must not hold a browser's POST for the SDK's defaults (no timeout at all, and
 * three attempts). Two attempts of at most 3 s each.
 */
const PRODUCER_HTTP = { connectionTimeout: 1_000, requestTimeout: 3_000, maxAttempts: 2 } as const;

/** The notifier's calls include 20-second long polls: its timeout leaves room for one. */
const CONSUMER_HTTP = { connectionTimeout: 1_000, requestTimeout: 25_000 } as const;

/** A request past its timeout fails (the SDK's HTTP handler only warns by default). */
const FAIL_ON_TIMEOUT = { throwOnRequestTimeout: true } as const;

/**
 * One service's `SqsModule` options. Both declare the same queues on the `aws` backend (the
 * emulator is a process of its own, reached over HTTP like real SQS), so switching to real SQS is
 * a matter of environment variables. Queues are created when missing, on AWS too.
 *
 * The orders service only produces: it has no handlers, so it runs no consumer. The notifier
 * consumes, and mounts the module's dashboard (queues, dead letters, its consumers) at /sqs.
 */
export function buildSqsOptions(config: DemoConfig, service: DemoService): SqsModuleOptions {
  const notifier = service === 'notifier';
  return {
    backend: 'aws',
    aws: clientConfig(config, notifier ? CONSUMER_HTTP : PRODUCER_HTTP),
    autoStartup: notifier && config.autoStartup,
    shutdownTimeoutMs: 5_000,
    ...(notifier
      ? {
          dashboard: { enabled: true, path: '/sqs', allowedHosts: dashboardHosts(config.host) },
          consumer: { backoff: () => config.retryDelaySeconds },
        }
      : {}),
    queues: {
      orders: {
        name: DEMO_QUEUE_NAMES.orders,
        create: true,
        deadLetter: { queue: 'orders-dlq', maxReceiveCount: ORDERS_MAX_RECEIVE_COUNT },
        consumer: { concurrency: 5 },
      },
      'orders-dlq': { name: DEMO_QUEUE_NAMES['orders-dlq'], create: true },
      payments: {
        name: DEMO_QUEUE_NAMES.payments,
        create: true,
        fifo: {
          groupId: (body) => (body as Payment).account,
          deduplicationId: (body) => (body as Payment).id,
        },
        // One message per group at a time is FIFO's rule; three groups run side by side.
        consumer: { concurrency: 3 },
      },
    },
  };
}

/**
 * The SDK's settings: the emulator's endpoint with any key (it checks no signature), or, on
 * `aws`, what the environment gives and the SDK's own defaults for the rest (profiles, roles).
 * Either way with timeouts, so a server that stops answering fails a call instead of holding it.
 */
function clientConfig(
  config: DemoConfig,
  http: { connectionTimeout: number; requestTimeout: number; maxAttempts?: number },
): SQSClientConfig {
  const { maxAttempts, ...timeouts } = http;
  const network = {
    requestHandler: { ...timeouts, ...FAIL_ON_TIMEOUT },
    ...(maxAttempts ? { maxAttempts } : {}),
  };
  if (config.backend === 'emulator') {
    return {
      endpoint: config.sqsEndpoint,
      region: EMULATOR_CLIENT.region,
      credentials: { ...EMULATOR_CLIENT.credentials },
      ...network,
    };
  }
  return {
    ...(config.awsRegion ? { region: config.awsRegion } : {}),
    ...(config.awsEndpoint ? { endpoint: config.awsEndpoint } : {}),
    ...(config.awsCredentials ? { credentials: config.awsCredentials } : {}),
    ...network,
  };
}

/**
 * The names the dashboard answers to besides loopback ones (its guard against DNS rebinding):
 * the address the demo listens on, or any name when it listens on every interface (in a
 * container, reached under whatever name the network gives it; it is open to that network
 * anyway).
 */
function dashboardHosts(host: string): readonly string[] | '*' {
  if (isWildcardAddress(host)) return '*';
  return host.includes('%') ? [] : [host]; // an IPv6 zone id is no name a browser sends
}

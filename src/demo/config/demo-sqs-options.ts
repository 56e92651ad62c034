import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import type { SqsModuleOptions } from '../../index';
import type { Payment } from '../payments/payment.interface';
import type { DemoConfig } from './demo-config';

/** Receives before a failing order is moved to `orders-dlq`: small, so the DLQ fills in seconds. */
export const ORDERS_MAX_RECEIVE_COUNT = 3;

/**
 * The demo's `SqsModule` options: the same queues on every backend, so switching to real SQS is
 * a matter of environment variables. Queues are created when missing, on AWS too.
 */
export function buildSqsOptions(config: DemoConfig): SqsModuleOptions {
  return {
    backend: config.backend,
    ...(config.backend === 'aws'
      ? { aws: awsClientConfig(config) }
      : // Queue URLs the in-process emulator hands out point at the endpoint the demo serves
        // (with SQS_PORT=0 the port is known only later; HTTP clients get theirs from Host).
        { emulator: { baseUrl: `http://${urlHost(config.host)}:${config.sqsPort || 9324}` } }),
    autoStartup: config.autoStartup,
    shutdownTimeoutMs: 5_000,
    // The web dashboard of queues, dead letters and consumers, at /sqs.
    dashboard: { enabled: true, path: '/sqs', allowedHosts: dashboardHosts(config.host) },
    consumer: { backoff: () => config.retryDelaySeconds },
    queues: {
      orders: {
        create: true,
        deadLetter: { queue: 'orders-dlq', maxReceiveCount: ORDERS_MAX_RECEIVE_COUNT },
        consumer: { concurrency: 5 },
      },
      'orders-dlq': { create: true },
      payments: {
        name: 'payments.fifo',
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

function awsClientConfig(config: DemoConfig): SQSClientConfig {
  return {
    ...(config.awsRegion ? { region: config.awsRegion } : {}),
    ...(config.awsEndpoint ? { endpoint: config.awsEndpoint } : {}),
    ...(config.awsCredentials ? { credentials: config.awsCredentials } : {}),
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

/** A host as it appears in a URL: wildcard addresses become `localhost`, IPv6 gets brackets. */
export function urlHost(host: string): string {
  if (isWildcardAddress(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** A listen address meaning every interface. */
function isWildcardAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

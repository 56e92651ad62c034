import { SqsEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/clock';
import { startSqsServer } from '../../src/server';
import type { ConformanceTarget, TargetFactory } from './conformance-target';
import { defineConformanceSuite } from './define-conformance-suite';
import { querySqsPort, SqsQueryClient } from '../support/ports/query-port';

/** A fixed start, so timestamps in failures are easy to read. */
const START = Date.UTC(2025, 0, 1, 12, 0, 0);

/**
 * The emulator behind the HTTP server, reached over the query protocol (form-encoded requests,
 * XML results and errors) as older SDKs and the Debian aws CLI speak it, through a client written
 * from the query model rather than from the server's codec. Every case runs unchanged.
 */
const httpQuery: TargetFactory = async ({ strict }) => {
  const clock = new ManualClock(START);
  const emulator = new SqsEmulator({ clock, strict });
  const server = await startSqsServer({ emulator, port: 0 });
  const client = new SqsQueryClient(server.url);
  const target: ConformanceTarget = {
    name: 'http-query',
    sqs: querySqsPort(client),
    clock,
    emulator,
    close: async () => {
      await client.destroy();
      await server.close();
    },
  };
  return target;
};

describe('SQS conformance: HTTP server, query protocol (form + XML)', () => {
  defineConformanceSuite(httpQuery);
});

import { SqsEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/clock';
import { startSqsServer } from '../../src/server';
import { LeanSqsBackend } from '../../src/backend/lean/lean-sqs.backend';
import { LEAN_OPERATIONS } from '../../src/backend/lean/lean-shapes';
import { ForwardingSqsPort } from '../../src/port/forwarding-sqs-port';
import { SQS_ACTIONS } from '../../src/port/sqs-actions';
import type {
  SqsAction,
  SqsCallOptions,
  SqsInput,
  SqsOutput,
  SqsPortMethods,
} from '../../src/port/sqs-port.interface';
import type { ConformanceTarget, TargetFactory } from './conformance-target';
import { defineConformanceSuite } from './define-conformance-suite';
import { sdkClientFor } from '../support/ports/sdk-port';

/** A fixed start, so timestamps in failures are easy to read. */
const START = Date.UTC(2025, 0, 1, 12, 0, 0);

/** SDK commands of lean actions: each one is a lean call that fell back to the SDK. */
const LEAN_COMMANDS = new Set([...LEAN_OPERATIONS.keys()].map((a) => `${SQS_ACTIONS[a]}Command`));
const fellBack = new Map<string, number>();

/** A port whose results are another port's without `$metadata` (as the http-json target's). */
class WithoutMetadata extends ForwardingSqsPort {
  constructor(private readonly inner: SqsPortMethods) {
    super();
  }

  protected override async forward<A extends SqsAction>(
    action: A,
    input: SqsInput<A>,
    options: SqsCallOptions | undefined,
  ): Promise<SqsOutput<A>> {
    const { $metadata: _metadata, ...output } = (await this.inner[action](
      input,
      options,
    )) as SqsOutput<A> & { $metadata?: unknown };
    void _metadata;
    return output as SqsOutput<A>;
  }
}

/**
 * The emulator behind the HTTP server, reached through the `aws` backend's lean transport
 * (`awsTransport: 'lean'`) on the same SDK client as the http-json target: the hot actions over
 * the lean path, the rest through the SDK. Every case runs unchanged.
 */
const httpLean: TargetFactory = async ({ strict }) => {
  const clock = new ManualClock(START);
  const emulator = new SqsEmulator({ clock, strict });
  const server = await startSqsServer({ emulator, port: 0 });
  const client = sdkClientFor(server.url);
  const send = jest.spyOn(client, 'send');
  const target: ConformanceTarget = {
    name: 'http-lean',
    sqs: new WithoutMetadata(new LeanSqsBackend(client)),
    clock,
    emulator,
    close: async () => {
      for (const [command] of send.mock.calls) {
        const name = (command as object).constructor.name;
        if (LEAN_COMMANDS.has(name)) fellBack.set(name, (fellBack.get(name) ?? 0) + 1);
      }
      client.destroy();
      await server.close();
    },
  };
  return target;
};

describe('SQS conformance: HTTP server, AWS JSON protocol via the lean transport', () => {
  defineConformanceSuite(httpLean);

  afterAll(() => {
    // Every lean action the cases sent went over the lean path: none fell back to the SDK.
    expect(Object.fromEntries(fellBack)).toEqual({});
  });
});

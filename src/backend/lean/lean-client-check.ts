import { SQSClient } from '@aws-sdk/client-sqs';
import type { LeanSdk, LeanSigner, SqsClientConfig } from './lean-sdk';

/**
 * Whether a client is still as the SDK built it, in the ways the lean transport depends on. It
 * runs none of what may be attached to the client object, so a client with any of it sends its
 * calls through the SDK, which runs it:
 * - a `send` other than the SDK's own (aws-sdk-client-mock and `jest.spyOn` stub it, on the
 *   client or on `SQSClient.prototype`, and expect every call to reach the stub);
 * - middleware other than a stock `SQSClient`'s (tracing, header injection, custom retries),
 *   added, removed or put in place of one of the SDK's;
 * - an `aws.auth#sigv4` signer of another class than the SDK's `AwsSdkSigV4Signer` (a subclass
 *   may read the call's context, which only the SDK's middleware has).
 *
 * The first and last are read on every call (a few comparisons). Listing the middleware costs a
 * good part of a lean call, so it is done on the first call and then at most once per
 * {@link STACK_RECHECK_MS}: middleware added to a client already in use is honoured from the
 * next check on.
 */

/** How often a client's middleware is compared with a stock client's, at most. */
export const STACK_RECHECK_MS = 1_000;

const SIGV4 = 'aws.auth#sigv4';

/** The `aws.auth#sigv4` scheme's signer of a client, if it has that scheme. */
export function sigv4SignerOf(config: SqsClientConfig): LeanSigner | undefined {
  return config.httpAuthSchemes.find((s) => s.schemeId === SIGV4)?.signer;
}

/** The middleware of a stock `SQSClient`, as {@link stackOf} lists it (the same for any config). */
let stockStack: string | undefined;

type MiddlewareStack = SQSClient['middlewareStack'];

/**
 * Every middleware entry of a client's stack: its options and its code. Not `identify()`, which
 * leaves out entries placed relative to a command's own middleware (`endpointV2Middleware`), and
 * names, not code, so an SDK middleware overridden under its own name would pass. The stack
 * copies itself into any object with `add` and `addRelativeTo` (`applyToStack`), in order.
 */
function stackOf(client: SQSClient): string {
  let listed = '';
  const entry =
    (kind: string) =>
    (middleware: unknown, options: Record<string, unknown> = {}): void => {
      const { name, aliases, step, priority, relation, toMiddleware, tags, override } = options;
      listed +=
        [kind, name, aliases, step, priority, relation, toMiddleware, tags, override].join('|') +
        `|${String(middleware)}\n`;
    };
  const recorder = { add: entry('add'), addRelativeTo: entry('addRelativeTo') };
  // Only `add` and `addRelativeTo` are called on the stack given (`cloneTo` of @smithy/core).
  client.middlewareStack.applyToStack(recorder as unknown as MiddlewareStack);
  return listed;
}

function stock(): string {
  if (stockStack === undefined) {
    const pristine = new SQSClient({});
    stockStack = stackOf(pristine);
    pristine.destroy();
  }
  return stockStack;
}

/** The per-client check; {@link isStock} is called before every lean call. */
export class LeanClientCheck {
  private stackCheckedAt = Number.NEGATIVE_INFINITY;
  private stockStack = true;

  constructor(
    private readonly client: SQSClient,
    private readonly sdk: LeanSdk,
  ) {}

  /** Whether a call made `now` (ms) may take the lean path. */
  isStock(now: number): boolean {
    if (this.client.send !== this.sdk.clientSend) return false;
    if (sigv4SignerOf(this.client.config)?.constructor !== this.sdk.AwsSdkSigV4Signer) return false;
    if (now - this.stackCheckedAt >= STACK_RECHECK_MS) {
      this.stockStack = stackOf(this.client) === stock();
      this.stackCheckedAt = now;
    }
    return this.stockStack;
  }
}

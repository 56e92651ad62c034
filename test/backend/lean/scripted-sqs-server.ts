import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { AwsSqsBackend } from '../../../src/backend/aws-sqs.backend';
import { LeanSqsBackend } from '../../../src/backend/lean/lean-sqs.backend';
import type { SqsPort } from '../../../src/port/sqs-port.interface';

/** A request as the scripted server received it. */
export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * What the server answers: a response, `reset` (the connection is destroyed unanswered) or
 * `hang` (no answer at all).
 */
export type ScriptedReply =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
  | 'reset'
  | 'hang';

/**
 * An HTTP server that records every request and answers what the test's script says, so the
 * SDK path and the lean path can be given the very same answers and compared.
 */
export interface ScriptedSqsServer {
  readonly url: string;
  readonly requests: CapturedRequest[];
  /** The script: called per request (default: 200 with `{}`). */
  reply: (request: CapturedRequest) => ScriptedReply;
  close(): Promise<void>;
}

/** A fixed request id, so `$metadata` compares equal across the two paths. */
export const REQUEST_ID = '11111111-2222-3333-4444-555555555555';

export async function startScriptedServer(): Promise<ScriptedSqsServer> {
  const requests: CapturedRequest[] = [];
  const scripted: ScriptedSqsServer = {
    url: '',
    requests,
    reply: () => ({ status: 200, body: '{}' }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured: CapturedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(captured);
      const reply = scripted.reply(captured);
      if (reply === 'hang') return;
      if (reply === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': REQUEST_ID,
        ...reply.headers,
      });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  server.keepAliveTimeout = 1_000;
  Object.assign(scripted, { url: `http://127.0.0.1:${port}` });
  return scripted;
}

/** The two ports under comparison, each on its own client with the same config. */
export interface BothPaths {
  readonly sdk: SqsPort;
  readonly lean: SqsPort;
  readonly clients: readonly SQSClient[];
  destroy(): void;
}

/** Dummy credentials and a fixed region; `overrides` on top. */
export function bothPaths(
  endpoint: string | undefined,
  overrides: SQSClientConfig = {},
): BothPaths {
  const config: SQSClientConfig = {
    ...(endpoint === undefined ? {} : { endpoint }),
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    ...overrides,
  };
  const sdkClient = new SQSClient(config);
  const leanClient = new SQSClient(config);
  return {
    sdk: new AwsSqsBackend(sdkClient),
    lean: new LeanSqsBackend(leanClient),
    clients: [sdkClient, leanClient],
    destroy: () => {
      sdkClient.destroy();
      leanClient.destroy();
    },
  };
}

/** The settled outcome of a call: its value, or its error. */
export async function outcome<T>(
  call: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * What a caller can see of an error: its class, every own member (enumerable or not, `stack`
 * aside) and the hidden `$response`'s status.
 */
export function errorView(error: unknown): Record<string, unknown> {
  const e = error as Record<string, unknown> & { $response?: { statusCode?: number } };
  const view: Record<string, unknown> = { class: (error as object).constructor.name };
  for (const key of Object.getOwnPropertyNames(e)) {
    if (key !== 'stack' && key !== '$response') view[key] = e[key];
  }
  view.$responseStatus = e.$response?.statusCode;
  return view;
}

/** The actions calls went through the SDK for (instead of the lean path), per client. */
export interface SdkPathWatch {
  /** The actions `client`'s port sent as SDK commands, in order. */
  actionsVia(client: SQSClient): string[];
  restore(): void;
}

/**
 * Watches which calls take the SDK path: every such call, lean or not, is an {@link AwsSqsBackend}
 * forward. (Spying on the client's `send` would itself send the lean transport to the SDK: it
 * leaves a client whose `send` is not the SDK's own to that `send`.)
 */
export function watchSdkPath(): SdkPathWatch {
  const prototype = AwsSqsBackend.prototype as unknown as {
    forward(action: string, input: unknown, options: unknown): Promise<unknown>;
  };
  const forward = jest.spyOn(prototype, 'forward');
  return {
    actionsVia: (client) =>
      forward.mock.calls
        .filter((_, i) => (forward.mock.contexts[i] as AwsSqsBackend).client === client)
        .map(([action]) => action),
    restore: () => forward.mockRestore(),
  };
}

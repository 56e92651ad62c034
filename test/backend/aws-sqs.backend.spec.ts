import * as sdk from '@aws-sdk/client-sqs';
import { AwsSqsBackend } from '../../src/backend/aws-sqs.backend';
import type { SqsClientLike } from '../../src/module/sqs-module-options.interface';
import { SQS_ACTION_NAMES, SQS_ACTIONS } from '../../src/port/sqs-actions';
import type { SqsCallOptions } from '../../src/port/sqs-port.interface';

interface Sent {
  readonly command: object;
  readonly options: { abortSignal?: AbortSignal } | undefined;
}

/** A client-like object that records each command it is sent and answers `{ sent: name }`. */
function recordingClient(): SqsClientLike & { readonly sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    send: (command: object, options?: { abortSignal?: AbortSignal }) => {
      sent.push({ command, options });
      return Promise.resolve({ sent: command.constructor.name });
    },
  } as unknown as SqsClientLike & { readonly sent: Sent[] };
}

describe('AwsSqsBackend', () => {
  it('sends each action as its own SDK command, with the input unchanged', async () => {
    const client = recordingClient();
    const backend = new AwsSqsBackend(client);
    for (const action of SQS_ACTION_NAMES) {
      const call = backend[action] as (input: object, o?: SqsCallOptions) => Promise<unknown>;
      const input = { QueueUrl: `https://sqs.test/${action}` };
      await expect(call.call(backend, input)).resolves.toEqual({
        sent: `${SQS_ACTIONS[action]}Command`,
      });
      const { command } = client.sent[client.sent.length - 1];
      const commandClass = (sdk as unknown as Record<string, new (i: object) => object>)[
        `${SQS_ACTIONS[action]}Command`
      ];
      expect(command).toBeInstanceOf(commandClass);
      expect((command as { input: object }).input).toEqual(input);
    }
    expect(client.sent).toHaveLength(23);
  });

  it('passes the abort signal to the client, and nothing when there is none', async () => {
    const client = recordingClient();
    const backend = new AwsSqsBackend(client);
    const controller = new AbortController();
    await backend.receiveMessage({ QueueUrl: 'q' }, { abortSignal: controller.signal });
    await backend.deleteMessage({ QueueUrl: 'q', ReceiptHandle: 'h' });
    expect(client.sent.map((s) => s.options)).toEqual([
      { abortSignal: controller.signal },
      undefined,
    ]);
  });
});

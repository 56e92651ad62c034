import type { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import type { DeliveryLedger } from './delivery-ledger';

/**
 * Books what the emulator itself does — the server's truth, beneath any injected fault: every
 * message it stores (with the application id read from the body by `appIdOf`) and every delete
 * it carries out.
 */
export function recordEmulator(
  emulator: SqsEmulator,
  ledger: DeliveryLedger,
  appIdOf: (body: string) => string,
): () => void {
  const sendMessage = emulator.sendMessage.bind(emulator);
  const sendMessageBatch = emulator.sendMessageBatch.bind(emulator);
  emulator.sendMessage = async (input, ctx) => {
    const out = await sendMessage(input, ctx);
    ledger.storedMessage(out.MessageId as string, appIdOf(input.MessageBody ?? ''));
    return out;
  };
  emulator.sendMessageBatch = async (input, ctx) => {
    const out = await sendMessageBatch(input, ctx);
    const bodies = new Map((input.Entries ?? []).map((e) => [e.Id, e.MessageBody ?? '']));
    for (const ok of out.Successful ?? []) {
      ledger.storedMessage(ok.MessageId as string, appIdOf(bodies.get(ok.Id) ?? ''));
    }
    return out;
  };
  const off = emulator.events.on((event) => {
    if (event.type === 'deleted') ledger.deleted(event.messageId);
  });
  return () => {
    off();
    emulator.sendMessage = sendMessage;
    emulator.sendMessageBatch = sendMessageBatch;
  };
}

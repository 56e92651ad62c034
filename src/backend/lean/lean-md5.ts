import type {
  ReceiveMessageResult,
  SendMessageBatchRequest,
  SendMessageBatchResult,
  SendMessageRequest,
  SendMessageResult,
} from '@aws-sdk/client-sqs';
import { hash } from 'node:crypto';
import type { LeanAction } from './lean-shapes';

/**
 * The body checks of `@aws-sdk/middleware-sdk-sqs`, with its error messages: the MD5 of every
 * received body, of a sent body and of each sent batch entry must be the one SQS reports. Like
 * the SDK (since v3), only bodies are checked, not attribute digests, and a mismatch is not
 * retried (the SDK checks after its retries, in its `initialize` step).
 */

/** The MD5 of a string's UTF-8 bytes, in hex (one-shot: half the cost of a Hash object). */
function md5Hex(text: string): string {
  return hash('md5', text, 'hex');
}

/** Checks the digests SQS returned for `action`; throws as the SDK's middleware does. */
export function verifyBodyDigests(action: LeanAction, input: unknown, output: unknown): void {
  switch (action) {
    case 'receiveMessage':
      return verifyReceived(output as ReceiveMessageResult);
    case 'sendMessage':
      return verifySent(input as SendMessageRequest, output as SendMessageResult);
    case 'sendMessageBatch':
      return verifySentBatch(input as SendMessageBatchRequest, output as SendMessageBatchResult);
    default:
      return;
  }
}

function verifyReceived(output: ReceiveMessageResult): void {
  const mismatched: (string | undefined)[] = [];
  for (const message of output.Messages ?? []) {
    if (message.MD5OfBody !== md5Hex(message.Body || '')) mismatched.push(message.MessageId);
  }
  if (mismatched.length > 0) {
    throw new Error('Invalid MD5 checksum on messages: ' + mismatched.join(', '));
  }
}

function verifySent(input: SendMessageRequest, output: SendMessageResult): void {
  if (output.MD5OfMessageBody !== md5Hex(input.MessageBody || '')) {
    throw new Error('InvalidChecksumError');
  }
}

function verifySentBatch(input: SendMessageBatchRequest, output: SendMessageBatchResult): void {
  const byId = new Map<string, { MD5OfMessageBody?: string; MessageId?: string }>();
  for (const entry of output.Successful ?? []) {
    if (entry.Id !== undefined) byId.set(entry.Id, entry);
  }
  const mismatched: (string | undefined)[] = [];
  for (const entry of input.Entries ?? []) {
    const result = entry.Id === undefined ? undefined : byId.get(entry.Id);
    if (result && result.MD5OfMessageBody !== md5Hex(entry.MessageBody || '')) {
      mismatched.push(result.MessageId);
    }
  }
  if (mismatched.length > 0) {
    throw new Error('Invalid MD5 checksum on messages: ' + mismatched.join(', '));
  }
}

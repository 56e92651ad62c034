import type {
  ReceiveMessageResult,
  SendMessageBatchRequest,
  SendMessageBatchResult,
  SendMessageRequest,
  SendMessageResult,
} from '@aws-sdk/client-sqs';
import { hash } from 'node:crypto';
import type { LeanSdk, SqsClientConfig } from './lean-sdk';
import type { LeanAction } from './lean-shapes';

/**
 * The body checks of `@aws-sdk/middleware-sdk-sqs`, with its error messages: the MD5 of every
 * received body, of a sent body and of each sent batch entry must be the one SQS reports. Like
 * the SDK (since v3), only bodies are checked, not attribute digests, and a mismatch is not
 * retried (the SDK checks after its retries, in its `initialize` step).
 *
 * The digest is the client's own `md5` class, as the SDK's: the one it was given, or the SDK's
 * default (native MD5, or a JS one where Node has none, as in FIPS mode).
 */

/** The hex MD5 of a body's UTF-8 bytes, as the client's `md5` makes it. */
export type BodyDigest = (body: string) => string | Promise<string>;

/** An `md5` class as the SDK's middleware uses it: `new`, `update`, `digest`. */
interface Md5Hash {
  update(data: Uint8Array): void;
  digest(): Promise<Uint8Array>;
}

function isMd5Class(value: unknown): value is new () => Md5Hash {
  return typeof value === 'function';
}

/**
 * The body digest of a client whose `md5` is not `false`: the middleware's own steps
 * (`new md5()`, `update(toUint8Array(body))`, `toHex(await digest())`), or, when `md5` is the
 * SDK's default class and that class is Node's native MD5, Node's one-shot `hash`: the same bytes
 * into the same OpenSSL digest, without a Hash object per body.
 */
export function bodyDigestOf(md5: SqsClientConfig['md5'], sdk: LeanSdk): BodyDigest | undefined {
  if (md5 === false) return undefined;
  if (!isMd5Class(md5)) {
    // What `new options.md5()` throws in the SDK's middleware.
    return () => {
      throw new TypeError('options.md5 is not a constructor');
    };
  }
  // The default class is native exactly when `createHash('md5')` worked as it loaded.
  if (md5 === sdk.Md5 && sdk.Md5 !== sdk.Md5Js && oneShotMd5Works()) {
    return (body) => hash('md5', body, 'hex');
  }
  return async (body) => {
    const digest = new md5();
    digest.update(sdk.toUint8Array(body));
    return sdk.toHex(await digest.digest());
  };
}

let oneShot: boolean | undefined;

/** Whether Node's one-shot `hash('md5')` works here (Node 20.12+, MD5 allowed by OpenSSL). */
function oneShotMd5Works(): boolean {
  if (oneShot === undefined) {
    try {
      oneShot = typeof hash === 'function' && hash('md5', '', 'hex') === EMPTY_MD5;
    } catch {
      oneShot = false;
    }
  }
  return oneShot;
}

const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

/** Checks the digests SQS returned for `action`; throws as the SDK's middleware does. */
export async function verifyBodyDigests(
  action: LeanAction,
  input: unknown,
  output: unknown,
  digest: BodyDigest,
): Promise<void> {
  switch (action) {
    case 'receiveMessage':
      return verifyReceived(output as ReceiveMessageResult, digest);
    case 'sendMessage':
      return verifySent(input as SendMessageRequest, output as SendMessageResult, digest);
    case 'sendMessageBatch':
      return verifySentBatch(
        input as SendMessageBatchRequest,
        output as SendMessageBatchResult,
        digest,
      );
    default:
      return;
  }
}

async function verifyReceived(output: ReceiveMessageResult, digest: BodyDigest): Promise<void> {
  const mismatched: (string | undefined)[] = [];
  for (const message of output.Messages ?? []) {
    if (message.MD5OfBody !== (await digest(message.Body || ''))) {
      mismatched.push(message.MessageId);
    }
  }
  if (mismatched.length > 0) {
    throw new Error('Invalid MD5 checksum on messages: ' + mismatched.join(', '));
  }
}

async function verifySent(
  input: SendMessageRequest,
  output: SendMessageResult,
  digest: BodyDigest,
): Promise<void> {
  if (output.MD5OfMessageBody !== (await digest(input.MessageBody || ''))) {
    throw new Error('InvalidChecksumError');
  }
}

async function verifySentBatch(
  input: SendMessageBatchRequest,
  output: SendMessageBatchResult,
  digest: BodyDigest,
): Promise<void> {
  const byId = new Map<string, { MD5OfMessageBody?: string; MessageId?: string }>();
  for (const entry of output.Successful ?? []) {
    if (entry.Id !== undefined) byId.set(entry.Id, entry);
  }
  const mismatched: (string | undefined)[] = [];
  for (const entry of input.Entries ?? []) {
    const result = entry.Id === undefined ? undefined : byId.get(entry.Id);
    if (result && result.MD5OfMessageBody !== (await digest(entry.MessageBody || ''))) {
      mismatched.push(result.MessageId);
    }
  }
  if (mismatched.length > 0) {
    throw new Error('Invalid MD5 checksum on messages: ' + mismatched.join(', '));
  }
}

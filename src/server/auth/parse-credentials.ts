import type { SqsServerCredentials } from './sigv4-verifier';

/**
 * Parses `ACCESS_KEY_ID:SECRET_ACCESS_KEY` (the CLI's `--credentials`). The secret is everything
 * after the first colon; neither part may be empty. Returns undefined when malformed.
 */
export function parseCredentials(text: string): SqsServerCredentials | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) return undefined;
  const accessKeyId = text.slice(0, colon);
  if (!/^[\w+=,.@-]+$/.test(accessKeyId)) return undefined;
  return { accessKeyId, secretAccessKey: text.slice(colon + 1) };
}

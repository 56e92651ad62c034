/** SQS's most entries per SendMessageBatch. */
export const MAX_BATCH_ENTRIES = 10;
/** SQS's most bytes per SendMessageBatch (all bodies and attributes together). */
export const MAX_BATCH_BYTES = 1_048_576;

/**
 * Splits items into consecutive chunks of at most `maxEntries` items and `maxBytes` total size,
 * keeping input order. Returns the item indices of each chunk. An item over `maxBytes` on its
 * own gets a chunk of its own (SQS will judge it).
 */
export function splitIntoBatches(
  sizes: readonly number[],
  indices: readonly number[],
  maxEntries = MAX_BATCH_ENTRIES,
  maxBytes = MAX_BATCH_BYTES,
): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const index of indices) {
    const size = sizes[index];
    if (current.length > 0 && (current.length >= maxEntries || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

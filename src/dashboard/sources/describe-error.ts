/** Longest error text the dashboard keeps: a stack-sized message would bloat every state push. */
export const MAX_ERROR_TEXT = 1_000;

/** An error as one line of text: `Name: message` (no name for a plain Error), cut to size. */
export function describeError(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
      : String(error);
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

import { SqsErrors } from '../errors/sqs-errors';
import { checkInteger, integerParameter } from '../validation/integer-parameters';

const MAX_RESULTS = integerParameter('MaxResults', 1, 1000, 'namedIntegerBetween');

/** One page of a name-ordered listing. */
export interface Page {
  readonly items: string[];
  /** Set only when the caller asked for MaxResults and more names follow. */
  readonly nextToken?: string;
}

/**
 * SQS's NextToken/MaxResults paging over a sorted list of queue names (ListQueues,
 * ListDeadLetterSourceQueues). The token names the last name returned, so a queue created or
 * deleted between pages neither repeats nor shifts what follows.
 */
export function paginate(
  names: string[],
  maxResults: number | undefined,
  nextToken: string | undefined,
): Page {
  if (maxResults !== undefined) checkInteger(maxResults, MAX_RESULTS);
  let start = 0;
  if (nextToken) {
    const after = decodeToken(nextToken);
    if (after === undefined)
      throw SqsErrors.invalidParameter(nextToken, 'NextToken', 'Invalid NextToken value.');
    start = names.findIndex((n) => n > after);
    if (start < 0) start = names.length;
  }
  const limit = maxResults ?? MAX_RESULTS.max;
  const items = names.slice(start, start + limit);
  // SQS returns a NextToken only when the caller set MaxResults.
  const more = maxResults !== undefined && start + limit < names.length;
  return more ? { items, nextToken: encodeToken(items[items.length - 1]) } : { items };
}

function encodeToken(lastName: string): string {
  return Buffer.from(JSON.stringify({ after: lastName }), 'utf8').toString('base64');
}

function decodeToken(token: string): string | undefined {
  try {
    const doc = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after?: unknown };
    return typeof doc.after === 'string' ? doc.after : undefined;
  } catch {
    return undefined;
  }
}

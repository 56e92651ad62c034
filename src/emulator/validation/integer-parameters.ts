import { SqsErrors } from '../errors/sqs-errors';

/**
 * How SQS words an integer outside its range. The wording differs from action to action
 * (AWS-recorded), so each parameter names its wording and the text is built here, once.
 */
const WORDINGS = {
  /** `Must be between 1 and 10, if provided.` */
  betweenIfProvided: (_name: string, min: number, max: number) =>
    `Must be between ${min} and ${max}, if provided.`,
  /** `Must be >= 0 and <= 20, if provided.` */
  boundsIfProvided: (_name: string, min: number, max: number) =>
    `Must be >= ${min} and <= ${max}, if provided.`,
  /** `Must be between 1 and 500.` */
  between: (_name: string, min: number, max: number) => `Must be between ${min} and ${max}.`,
  /** `DelaySeconds must be >= 0 and <= 900.` */
  namedBounds: (name: string, min: number, max: number) =>
    `${name} must be >= ${min} and <= ${max}.`,
  /** `MaxResults must be an integer between 1 and 1000.` */
  namedIntegerBetween: (name: string, min: number, max: number) =>
    `${name} must be an integer between ${min} and ${max}.`,
} as const;

/** An integer request parameter: its name, its inclusive range, and SQS's reason when outside. */
export interface IntegerParameter {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly reason: string;
}

/** Declares an integer parameter; its error text is built now, not on every check. */
export function integerParameter(
  name: string,
  min: number,
  max: number,
  wording: keyof typeof WORDINGS,
): IntegerParameter {
  return { name, min, max, reason: WORDINGS[wording](name, min, max) };
}

/**
 * Throws SQS's InvalidParameterValue ("Value X for parameter P is invalid. Reason: …") unless
 * `value` is an integer within the parameter's range. An omitted parameter is the caller's
 * business: SQS either defaults it or skips the check.
 */
export function checkInteger(value: number, parameter: IntegerParameter): void {
  if (!Number.isInteger(value) || value < parameter.min || value > parameter.max) {
    throw SqsErrors.invalidParameter(value, parameter.name, parameter.reason);
  }
}

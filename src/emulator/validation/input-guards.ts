import { SqsErrors } from '../errors/sqs-errors';

/**
 * Type guards for what a caller hands the emulator. The SDK's types promise these shapes, but
 * the HTTP server passes on whatever a client sent, and a wrong type must become an SQS error,
 * never a TypeError.
 */
function wrongType(value: unknown, parameter: string, expected: string) {
  const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return SqsErrors.invalidParameter(
    shown === undefined ? typeof value : shown.slice(0, 100),
    parameter,
    `Must be ${expected}.`,
  );
}

/** A required string parameter. */
export function requireString(value: unknown, parameter: string): string {
  if (value === undefined || value === null || value === '') {
    throw SqsErrors.missingParameter(parameter);
  }
  if (typeof value !== 'string') throw wrongType(value, parameter, 'a string');
  return value;
}

/** An optional string parameter. */
export function optionalString(value: unknown, parameter: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(value, parameter, 'a string');
  return value;
}

/** An optional list of strings. */
export function optionalStringList(value: unknown, parameter: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw wrongType(value, parameter, 'a list of strings');
  }
  return value;
}

/** Whether `value` is a plain map (an object, not an array). */
export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An optional map of strings to strings (queue attributes, tags). */
export function optionalStringMap(
  value: unknown,
  parameter: string,
): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isMap(value)) throw wrongType(value, parameter, 'a map of strings');
  for (const key of Object.keys(value)) {
    if (typeof value[key] !== 'string')
      throw wrongType(value[key], `${parameter}.${key}`, 'a string');
  }
  return value as Record<string, string>;
}

/** An optional list of objects (batch entries). */
export function requireEntryList<T>(value: unknown, parameter: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isMap)) {
    throw wrongType(value, parameter, 'a list of entries');
  }
  return value as T[];
}

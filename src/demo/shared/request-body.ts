import { BadRequestException } from '@nestjs/common';

// Request bodies are checked by hand to keep the demo free of validation libraries; a real app
// would use `ValidationPipe` with DTO classes.

/** A request body as an object (a missing body is an empty object). */
export function asObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestException('The body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** An optional whole number from `min` to `max`. */
export function optionalInteger(
  value: unknown,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BadRequestException(`'${name}' must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** An optional non-empty string of at most `maxLength` characters, trimmed. */
export function optionalText(value: unknown, name: string, maxLength: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    throw new BadRequestException(
      `'${name}' must be a non-empty string of at most ${maxLength} characters.`,
    );
  }
  return value.trim();
}

/** An optional boolean. */
export function optionalFlag(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new BadRequestException(`'${name}' must be true or false.`);
  return value;
}

import type * as OtelApiModule from '@opentelemetry/api';

/** The `@opentelemetry/api` module, when the application has it installed. */
export type OtelApi = typeof OtelApiModule;

/**
 * Loads `@opentelemetry/api`, an optional peer dependency: undefined when it is not installed,
 * so the package loads and runs without it. Called once per module instance, at boot; only
 * `import type` of it appears elsewhere, which compiles away.
 */
export function loadOtelApi(): OtelApi | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded only if present
    return require('@opentelemetry/api') as OtelApi;
  } catch {
    return undefined;
  }
}

import { appendFileSync } from 'node:fs';

/**
 * Writes a run's figures as one JSON line to the file named by `RELIABILITY_REPORT` (the soak
 * script and RELIABILITY.md read them); does nothing otherwise, so CI output stays quiet.
 */
export function reportFigures(name: string, figures: unknown): void {
  const file = process.env.RELIABILITY_REPORT;
  if (!file) return;
  appendFileSync(
    file,
    `${JSON.stringify({ name, at: new Date().toISOString(), figures }, bigintSafe)}\n`,
  );
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

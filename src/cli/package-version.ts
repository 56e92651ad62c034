import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The name in our package.json: how the lookup tells our manifest from the user's app's. */
export const PACKAGE_NAME = 'nestjs-sqs-kit';

/**
 * The version in this package's own package.json, found by walking up from `from` (the compiled
 * CLI's folder: `src/cli` under ts-node, `dist/cli` in a build or an installed tarball). Read at
 * run time rather than imported, so the build does not pull package.json into dist/. Undefined
 * when no package.json named {@link PACKAGE_NAME} is found.
 */
export function readPackageVersion(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest?.name === PACKAGE_NAME && typeof manifest.version === 'string') {
      return manifest.version;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readManifest(path: string): { name?: unknown; version?: unknown } | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined; // absent or unreadable: keep looking further up
  }
}

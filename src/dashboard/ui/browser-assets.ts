import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A page's script and stylesheet, served from its own routes. */
export interface BrowserAssets {
  readonly script: string;
  readonly styles: string;
}

/** Where one bundle of scripts/build-browser.mjs is, built and as sources. */
export interface BrowserBundle {
  /** Its name in the build script's BUNDLES (`--print <name>`). */
  readonly name: string;
  /** Whose it is, for errors: "the dashboard's". */
  readonly owner: string;
  /**
   * The folder of its built files in the package (dist/…/browser/), given from the compiled file
   * that serves them, so the path holds wherever the package is installed.
   */
  readonly builtDir: string;
  /** File names of the built script and stylesheet in `builtDir`. */
  readonly script: string;
  readonly styles: string;
}

/** This file's distance from the repository's root: src/dashboard/ui/. */
const BUILD_SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'build-browser.mjs');

/**
 * A page's script and stylesheet. Compiled (dist/), this reads the files `npm run build` wrote;
 * run as TypeScript (ts-jest, ts-node in this repository), it has the sources bundled now, so
 * what is served is always what src/ holds, with no build before the tests. Callers keep the
 * result: each call reads or bundles anew.
 *
 * Shared by the dashboard and the demo's page (src/demo may import src/dashboard, not the other
 * way round).
 */
export function loadBrowserAssets(bundle: BrowserBundle): BrowserAssets {
  return __filename.endsWith('.ts') ? bundleSources(bundle) : readBuilt(bundle);
}

function readBuilt(bundle: BrowserBundle): BrowserAssets {
  try {
    return {
      script: readFileSync(join(bundle.builtDir, bundle.script), 'utf8'),
      styles: readFileSync(join(bundle.builtDir, bundle.styles), 'utf8'),
    };
  } catch (e) {
    throw new Error(
      `${capitalized(bundle.owner)} script or stylesheet is missing from ${bundle.builtDir}: ` +
        'this copy of nestjs-sqs-kit was built without them (npm run build makes them). ' +
        String(e),
    );
  }
}

/**
 * Runs the build script's `--print <name>` in a child process: Jest's module loader cannot
 * import an ES module script, and esbuild stays out of the server's process.
 */
function bundleSources(bundle: BrowserBundle): BrowserAssets {
  let output: string;
  try {
    output = execFileSync(process.execPath, [BUILD_SCRIPT, '--print', bundle.name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const stderr = (e as { stderr?: unknown }).stderr;
    throw new Error(
      `Could not bundle ${bundle.owner} sources (${BUILD_SCRIPT} --print ${bundle.name}): ` +
        (typeof stderr === 'string' && stderr ? stderr : String(e)),
    );
  }
  const parsed: unknown = JSON.parse(output);
  if (!isAssets(parsed)) {
    throw new Error(`${BUILD_SCRIPT} --print ${bundle.name} did not print ${bundle.owner} assets.`);
  }
  return parsed;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isAssets(value: unknown): value is BrowserAssets {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { script?: unknown }).script === 'string' &&
    typeof (value as { styles?: unknown }).styles === 'string'
  );
}

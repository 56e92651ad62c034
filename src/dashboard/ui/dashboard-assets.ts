import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The page's script and stylesheet, served as `<path>/assets/app.js` and `app.css`. */
export interface DashboardAssets {
  readonly script: string;
  readonly styles: string;
}

/**
 * The browser folder beside this one: in the package, dist/dashboard/browser/ with the files
 * `npm run build` bundled (scripts/build-dashboard.mjs); in a checkout's src/, the TypeScript
 * sources of that bundle.
 */
const BROWSER_DIR = join(__dirname, '..', 'browser');

let assets: DashboardAssets | undefined;

/**
 * The page's script and stylesheet, read once. Compiled (dist/), this file reads the built files;
 * run as TypeScript (ts-jest, ts-node in this repository), it has the sources bundled now, so
 * what is served is always what src/ holds, with no build before the tests.
 */
export function dashboardAssets(): DashboardAssets {
  assets ??= __filename.endsWith('.ts') ? bundleSources() : readBuilt();
  return assets;
}

function readBuilt(): DashboardAssets {
  try {
    return {
      script: readFileSync(join(BROWSER_DIR, 'app.js'), 'utf8'),
      styles: readFileSync(join(BROWSER_DIR, 'app.css'), 'utf8'),
    };
  } catch (e) {
    throw new Error(
      `The dashboard's script or stylesheet is missing from ${BROWSER_DIR}: this copy of ` +
        `nestjs-sqs-kit was built without them (npm run build makes them). ${String(e)}`,
    );
  }
}

/**
 * Runs the build script's `--print` in a child process: Jest's module loader cannot import an ES
 * module script, and esbuild stays out of the server's process.
 */
function bundleSources(): DashboardAssets {
  const script = join(__dirname, '..', '..', '..', 'scripts', 'build-dashboard.mjs');
  let output: string;
  try {
    output = execFileSync(process.execPath, [script, '--print'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const stderr = (e as { stderr?: unknown }).stderr;
    throw new Error(
      `Could not bundle the dashboard's sources (${script} --print): ` +
        (typeof stderr === 'string' && stderr ? stderr : String(e)),
    );
  }
  const parsed: unknown = JSON.parse(output);
  if (!isAssets(parsed)) throw new Error(`${script} --print did not print the dashboard's assets.`);
  return parsed;
}

function isAssets(value: unknown): value is DashboardAssets {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { script?: unknown }).script === 'string' &&
    typeof (value as { styles?: unknown }).styles === 'string'
  );
}

#!/usr/bin/env node
// @ts-check

/**
 * The dashboard's browser code, built for the page: src/dashboard/browser/main.ts and the modules
 * it imports bundled into one classic script, app.js, and the stylesheet app.css beside it. The
 * page loads them from its own routes (`<script src defer>`: its policy allows no inline code and
 * nothing from elsewhere), so they ship inside the package, under dist/.
 *
 *   node scripts/build-dashboard.mjs           writes dist/dashboard/browser/app.js and app.css
 *   node scripts/build-dashboard.mjs --print   prints {"script": …, "styles": …}, writes nothing:
 *                                              how the server gets them when it runs from src/
 *                                              (ts-jest, ts-node; see dashboard-assets.ts)
 *
 * esbuild, because tsc cannot make one classic script out of modules. It only strips the types:
 * they are checked by `npm run typecheck` (src/dashboard/browser/tsconfig.json). `npm run build`
 * and scripts/run-built.mjs (npm's prepare, npm start) run this after tsc.
 */

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SOURCES = path.join(ROOT, 'src', 'dashboard', 'browser');
/** Beside dist/dashboard/ui/, whose dashboard-assets.js reads them from `../browser/`. */
export const DASHBOARD_OUTPUT = path.join(ROOT, 'dist', 'dashboard', 'browser');

/**
 * The script and stylesheet, in memory.
 * @returns {{ script: string, styles: string }}
 */
export function buildDashboard() {
  const result = buildSync({
    entryPoints: [path.join(SOURCES, 'main.ts')],
    bundle: true,
    // A classic script (the page's `<script defer>`), its names kept out of the global scope.
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    // Kept readable (about 45 KB): served by a local server, and read in the browser's devtools.
    minify: false,
    charset: 'utf8',
    legalComments: 'none',
    banner: { js: '// nestjs-sqs-kit dashboard: built from src/dashboard/browser/ (TypeScript).' },
    write: false,
    logLevel: 'silent',
  });
  const [script] = result.outputFiles;
  if (!script) throw new Error('esbuild produced no script.');
  return { script: script.text, styles: fs.readFileSync(path.join(SOURCES, 'app.css'), 'utf8') };
}

/** Writes them where the built package serves them from. */
export function writeDashboard() {
  const { script, styles } = buildDashboard();
  fs.mkdirSync(DASHBOARD_OUTPUT, { recursive: true });
  fs.writeFileSync(path.join(DASHBOARD_OUTPUT, 'app.js'), script);
  fs.writeFileSync(path.join(DASHBOARD_OUTPUT, 'app.css'), styles);
}

const ranDirectly =
  process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (ranDirectly) {
  try {
    if (process.argv.includes('--print')) process.stdout.write(JSON.stringify(buildDashboard()));
    else writeDashboard();
  } catch (e) {
    // esbuild's own message names the file, line and column.
    process.stderr.write(
      `Could not build the dashboard's script: ${e instanceof Error ? e.message : e}\n`,
    );
    process.exitCode = 1;
  }
}

#!/usr/bin/env node
// @ts-check

/**
 * The browser code of the package's pages, built for them: each bundle's main.ts and the modules
 * it imports bundled into one classic script, with its stylesheet copied beside it.
 *
 *   dashboard  src/dashboard/browser/   → dist/dashboard/browser/app.js and app.css
 *   demo       src/demo/page/browser/   → dist/demo/page/browser/demo.js and demo.css
 *
 * Each page loads them from its own routes (`<script src defer>`, `<link rel=stylesheet>`: their
 * policies allow no inline code and nothing from elsewhere), so they live under dist/ beside the
 * code that serves them.
 *
 *   node scripts/build-browser.mjs                 writes every bundle
 *   node scripts/build-browser.mjs --print <name>  prints {"script": …, "styles": …} of one
 *                                                  bundle and writes nothing: how a server that
 *                                                  runs from src/ (ts-jest, ts-node) gets it
 *                                                  (src/dashboard/ui/browser-assets.ts)
 *
 * esbuild, because tsc cannot make one classic script out of modules. It only strips the types:
 * they are checked by `npm run typecheck` (each bundle's tsconfig.json). `npm run build` and
 * scripts/run-built.mjs (npm's prepare, npm start) run this after tsc.
 */

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * @typedef {object} Bundle
 * @property {string} sources folder of main.ts (the entry) and the stylesheet, under src/
 * @property {string} output folder the built files go to, under dist/: the `../browser/` (or
 *   `browser/`) of the compiled code that serves them
 * @property {string} script file name of the script, in `output`
 * @property {string} styles file name of the stylesheet, in `sources` and in `output`
 */

/** @type {Readonly<Record<string, Bundle>>} */
export const BUNDLES = {
  dashboard: {
    sources: path.join(ROOT, 'src', 'dashboard', 'browser'),
    output: path.join(ROOT, 'dist', 'dashboard', 'browser'),
    script: 'app.js',
    styles: 'app.css',
  },
  // Not packed (package.json "files" leaves dist/demo out), but `npm start` serves it.
  demo: {
    sources: path.join(ROOT, 'src', 'demo', 'page', 'browser'),
    output: path.join(ROOT, 'dist', 'demo', 'page', 'browser'),
    script: 'demo.js',
    styles: 'demo.css',
  },
};

/**
 * One bundle's script and stylesheet, in memory.
 * @param {string} name a key of BUNDLES
 * @returns {{ script: string, styles: string }}
 */
export function buildBundle(name) {
  const bundle = bundleNamed(name);
  const result = buildSync({
    entryPoints: [path.join(bundle.sources, 'main.ts')],
    bundle: true,
    // A classic script (the page's `<script defer>`), its names kept out of the global scope.
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    // Kept readable: served by a local server, and read in the browser's devtools.
    minify: false,
    charset: 'utf8',
    legalComments: 'none',
    banner: {
      js: `// nestjs-sqs-kit ${name}: built from ${relative(bundle.sources)}/ (TypeScript).`,
    },
    write: false,
    logLevel: 'silent',
  });
  const [script] = result.outputFiles;
  if (!script) throw new Error(`esbuild produced no script for ${name}.`);
  return {
    script: script.text,
    styles: fs.readFileSync(path.join(bundle.sources, bundle.styles), 'utf8'),
  };
}

/** Writes every bundle where the built package serves it from. */
export function writeBundles() {
  for (const [name, bundle] of Object.entries(BUNDLES)) {
    const { script, styles } = buildBundle(name);
    fs.mkdirSync(bundle.output, { recursive: true });
    fs.writeFileSync(path.join(bundle.output, bundle.script), script);
    fs.writeFileSync(path.join(bundle.output, bundle.styles), styles);
  }
}

/**
 * Every file writeBundles writes (absolute paths): run-built.mjs rebuilds when one is missing.
 * @returns {string[]}
 */
export function bundleOutputs() {
  return Object.values(BUNDLES).flatMap((b) => [
    path.join(b.output, b.script),
    path.join(b.output, b.styles),
  ]);
}

/** @param {string} name */
function bundleNamed(name) {
  const bundle = Object.hasOwn(BUNDLES, name) ? BUNDLES[name] : undefined;
  if (!bundle) {
    throw new Error(`No bundle '${name}': the bundles are ${Object.keys(BUNDLES).join(', ')}.`);
  }
  return bundle;
}

/** @param {string} file */
function relative(file) {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

const ranDirectly =
  process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (ranDirectly) {
  const args = process.argv.slice(2);
  const print = args.indexOf('--print');
  try {
    if (print === -1) writeBundles();
    else {
      const name = args[print + 1];
      if (name === undefined) {
        throw new Error(`--print needs a bundle's name: ${Object.keys(BUNDLES).join(', ')}.`);
      }
      process.stdout.write(JSON.stringify(buildBundle(name)));
    }
  } catch (e) {
    // esbuild's own message names the file, line and column.
    process.stderr.write(
      `Could not build the pages' browser code: ${e instanceof Error ? e.message : e}\n`,
    );
    process.exitCode = 1;
  }
}

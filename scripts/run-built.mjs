#!/usr/bin/env node
// @ts-check

/**
 * `npm start` and `npm run emulator`: compiles src/ into dist/ when dist/ is older than the
 * sources, saying so first (tsc is silent for many seconds), then runs the compiled entry in this
 * very process with the remaining arguments, so Ctrl-C and the exit code are the entry's own.
 *
 *   node scripts/run-built.mjs <compiled entry> [arguments for it…]
 *   node scripts/run-built.mjs dist/cli/main.js emulator --port 9324
 *   node scripts/run-built.mjs --build-only <compiled entry>   (npm's prepare: a clean build)
 *
 * After tsc, the pages' browser code (the dashboard's, the demo's) is bundled into dist/ too
 * (scripts/build-browser.mjs, where that script is present).
 *
 * Plain JavaScript because it runs before anything is compiled.
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const TSCONFIG = 'tsconfig.build.json';
// Under node_modules/.cache (the usual place for build caches): outside dist/, so never packed.
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'nestjs-sqs-kit');
// tsc's incremental state: a rebuild recompiles only what changed.
const BUILD_INFO = path.join(CACHE, 'tsconfig.build.tsbuildinfo');
// Written after a build without errors; its time is that build's start.
const STAMP = path.join(CACHE, 'build.stamp');
/** What the build reads besides src/. */
const BUILD_INPUTS = ['tsconfig.json', TSCONFIG, 'package.json'];
/** The second step of the build: tsc does not bundle the pages' browser code. */
const BROWSER_BUILD = path.join(ROOT, 'scripts', 'build-browser.mjs');

/**
 * The latest modification time of the build's inputs, in ms. Folders count too: deleting or
 * renaming a source file changes its folder's time.
 * @returns {number}
 */
function newestInputTime() {
  let newest = 0;
  /** @param {string} file */
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return; // an optional input that is absent
    }
    newest = Math.max(newest, stat.mtimeMs);
    if (!stat.isDirectory()) return;
    for (const name of fs.readdirSync(file)) visit(path.join(file, name));
  };
  visit(path.join(ROOT, 'src'));
  for (const name of BUILD_INPUTS) visit(path.join(ROOT, name));
  visit(BROWSER_BUILD);
  return newest;
}

/**
 * Whether dist/ must be rebuilt before `entry` runs: no successful build yet, the entry or a
 * page's script or stylesheet is gone, or an input changed since the last successful build.
 * @param {string} entry absolute path of the compiled entry
 * @returns {Promise<boolean>}
 */
async function needsBuild(entry) {
  if (!fs.existsSync(entry)) return true;
  const browser = await browserBuild();
  if (browser && !browser.bundleOutputs().every((file) => fs.existsSync(file))) return true;
  let built;
  try {
    built = fs.statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  return newestInputTime() > built;
}

/**
 * scripts/build-browser.mjs, loaded only where it is present (and with it, esbuild).
 * @returns {Promise<{ writeBundles(): void, bundleOutputs(): string[] } | undefined>}
 */
async function browserBuild() {
  if (!fs.existsSync(BROWSER_BUILD)) return undefined;
  return import(pathToFileURL(BROWSER_BUILD).href);
}

/**
 * Runs tsc (incrementally), then bundles the pages' browser code, and says what it is doing;
 * returns the exit status.
 * @param {string} entry absolute path of the compiled entry
 * @param {boolean} [buildOnly] whether nothing runs after the build (npm's prepare)
 * @returns {Promise<number>}
 */
async function build(entry, buildOnly = false) {
  const started = Date.now();
  fs.mkdirSync(CACHE, { recursive: true });
  fs.rmSync(STAMP, { force: true });
  // tsc's incremental state does not notice deleted outputs: without the entry, start afresh.
  if (!fs.existsSync(entry)) fs.rmSync(BUILD_INFO, { force: true });
  process.stderr.write(
    `Building dist/ from src/ (tsc -p ${TSCONFIG})` +
      (buildOnly ? '…\n' : ` before running ${relative(entry)}…\n`),
  );
  const tsc = createRequire(path.join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', TSCONFIG, '--incremental', '--tsBuildInfoFile', BUILD_INFO],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const status = result.status ?? 1;
  if (status !== 0) {
    process.stderr.write(
      `The build failed (tsc exited ${result.status ?? result.signal}): fix the errors above; ` +
        `${relative(entry)} was not started.\n`,
    );
    return status;
  }
  const browser = await browserBuild();
  try {
    browser?.writeBundles();
  } catch (e) {
    process.stderr.write(
      `The build failed (the pages' browser code: ${e instanceof Error ? e.message : e}); ` +
        `${relative(entry)} was not started.\n`,
    );
    return 1;
  }
  fs.writeFileSync(STAMP, '');
  // The build's start: a source saved while tsc ran is newer, so the next run rebuilds.
  fs.utimesSync(STAMP, new Date(started), new Date(started));
  process.stderr.write(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  return 0;
}

/** @param {string} file */
function relative(file) {
  return path.relative(ROOT, file) || file;
}

async function main() {
  const argv = process.argv.slice(2);
  const buildOnly = argv[0] === '--build-only';
  const [entryArg, ...args] = buildOnly ? argv.slice(1) : argv;
  if (entryArg === undefined) {
    process.stderr.write('Usage: node scripts/run-built.mjs <compiled entry> [arguments…]\n');
    process.exit(2);
  }
  const entry = path.resolve(ROOT, entryArg);
  if (buildOnly) {
    // What is packed or installed must hold no output of a source deleted since: start clean.
    fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
    fs.rmSync(BUILD_INFO, { force: true });
  }
  if (await needsBuild(entry)) {
    const status = await build(entry, buildOnly);
    if (status !== 0) process.exit(status);
  } else {
    process.stderr.write(`dist/ is up to date with src/ (no build needed).\n`);
  }
  if (!fs.existsSync(entry)) {
    process.stderr.write(`${relative(entry)} does not exist after the build: check the path.\n`);
    process.exit(1);
  }
  if (buildOnly) return;
  // The entry sees the arguments as if it had been started directly (`node <entry> …`).
  process.argv = [process.argv[0] ?? process.execPath, entry, ...args];
  await import(pathToFileURL(entry).href);
}

await main();

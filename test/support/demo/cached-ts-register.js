// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (node -r), run before anything can compile TypeScript */
'use strict';

/**
 * A require hook for the demo's processes when tests start them from the TypeScript sources
 * (`node -r <this file> src/demo/notifier/main.ts`): ts-node's transpile-only mode, plus a disk
 * cache of what it transpiled, keyed by each file's content. ts-node spends ~5 s of CPU
 * transpiling the package for every process; the demo's tests start a dozen of them. A cached
 * file costs a read, and TypeScript itself is loaded only on a miss.
 *
 * Plain JavaScript: it runs before anything can compile TypeScript.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..', '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'nestjs-sqs-kit', 'demo-processes');

/** @type {typeof import('typescript') | undefined} */
let ts;
/** @type {import('typescript').CompilerOptions | undefined} */
let compilerOptions;
/** What else decides the output: the compiler's version and the project's settings. */
let salt = '';

function compiler() {
  if (!ts) {
    ts = require('typescript');
    const file = path.join(ROOT, 'tsconfig.json');
    const { config } = ts.readConfigFile(file, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
    compilerOptions = { ...parsed.options, module: ts.ModuleKind.CommonJS, inlineSourceMap: true };
    delete compilerOptions.sourceMap;
    delete compilerOptions.declaration;
  }
  return { ts, compilerOptions };
}

function cacheSalt() {
  if (!salt) {
    const version = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8'),
    ).version;
    salt = `${version}\n${fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')}`;
  }
  return salt;
}

/**
 * @param {NodeJS.Module & { _compile(code: string, filename: string): void }} module
 * @param {string} filename
 */
function load(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto
    .createHash('sha256')
    .update(cacheSalt())
    .update(filename)
    .update(source)
    .digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    const { ts: typescript, compilerOptions: options } = compiler();
    code = typescript.transpileModule(source, {
      compilerOptions: options,
      fileName: filename,
    }).outputText;
    fs.mkdirSync(CACHE, { recursive: true });
    // Written aside, then renamed: processes starting together never read half a file.
    const temporary = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, cached);
  }
  module._compile(code, filename);
}

// The hook ts-node itself installs: Node's CommonJS loader asks it for every .ts file.
require.extensions['.ts'] = /** @type {never} */ (load);

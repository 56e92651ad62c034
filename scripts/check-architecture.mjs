#!/usr/bin/env node
// @ts-check

/**
 * `npm run check:architecture` (part of `npm run lint`): the house's rules, from its own imports.
 *
 * - Every folder of src/ has a layer (LAYERS, lowest first). A file may import only from its own
 *   folder or from a lower layer: no folder imports a higher one, so no two folders import each
 *   other.
 * - No file of src/ is longer than MAX_LINES unless its first comment says why, in a line that
 *   starts with "Long file:".
 *
 * It reads relative imports (`from '…'`, `import('…')`, `require('…')`) as text; type-only
 * imports count too, since they tie the folders together for a reader as much as any other.
 * Exits 1 with every broken rule listed.
 */

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SRC = path.join(ROOT, 'src');
const MAX_LINES = 500;

/**
 * The layers, lowest first (DESIGN §2). Folders on one line share a layer and must not import
 * each other. `.` is the package root (src/index.ts): the API an application imports, as the
 * demo does.
 */
const LAYERS = [
  ['clock'],
  ['port'],
  ['interfaces'],
  ['errors'],
  ['tokens'],
  ['persistence'],
  ['emulator'],
  ['dashboard'],
  ['server'],
  ['backend'],
  ['consumer', 'producer'],
  ['observability'],
  ['decorators'],
  ['module'],
  ['.'],
  ['testing', 'cli'],
  ['demo'],
];

/** @type {Map<string, number>} */
const rank = new Map();
LAYERS.forEach((folders, i) => folders.forEach((f) => rank.set(f, i)));

/** @param {string} dir @returns {string[]} */
function sources(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mts)$/.test(entry.name)) out.push(p);
  }
  return out;
}

/** The src/ folder a file belongs to (`.` for files directly in src/). @param {string} file */
function folderOf(file) {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? '.' : rel[0];
}

const IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** @type {string[]} */
const problems = [];
for (const file of sources(SRC)) {
  const text = fs.readFileSync(file, 'utf8');
  const from = folderOf(file);
  if (!rank.has(from)) {
    problems.push(`${path.relative(ROOT, file)}: folder src/${from}/ has no layer in LAYERS`);
    continue;
  }
  for (const match of text.matchAll(IMPORT)) {
    const target = path.resolve(path.dirname(file), match[1]);
    if (!target.startsWith(SRC)) continue;
    // A folder import ('../persistence') means that folder's index.ts, as TypeScript resolves it.
    const isFolder = fs.existsSync(target) && fs.statSync(target).isDirectory();
    const to = folderOf(
      isFolder ? path.join(target, 'index.ts') : target.endsWith('.ts') ? target : `${target}.ts`,
    );
    if (to === from) continue;
    const a = /** @type {number} */ (rank.get(from));
    const b = rank.get(to);
    if (b === undefined) {
      problems.push(`${path.relative(ROOT, file)}: imports src/${to}/, which has no layer`);
    } else if (b > a) {
      problems.push(
        `${path.relative(ROOT, file)}: src/${from}/ imports the higher layer src/${to}/ ('${match[1]}')`,
      );
    } else if (b === a) {
      problems.push(
        `${path.relative(ROOT, file)}: src/${from}/ imports src/${to}/ of its own layer ('${match[1]}')`,
      );
    }
  }
  const lines = text.split('\n').length;
  if (lines > MAX_LINES) {
    const firstComment = /^\s*(\/\*[\s\S]*?\*\/|(?:\/\/.*\n)+)/.exec(text)?.[1] ?? '';
    if (!/^\s*(?:\*|\/\/)?\s*Long file:/m.test(firstComment)) {
      problems.push(
        `${path.relative(ROOT, file)}: ${lines} lines (over ${MAX_LINES}) and no "Long file:" reason in its first comment`,
      );
    }
  }
}

if (problems.length > 0) {
  console.error(`The house's rules are broken in ${problems.length} place(s):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`Architecture: ${sources(SRC).length} files of src/ keep to their layers and sizes.`);

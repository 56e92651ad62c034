// Copies every ```ts block of the package's README into generated/, as a new user would paste
// them into their app: test blocks (they call describe) as specs Jest runs, the others as
// modules test/readme.spec.ts compiles. Each file is a module of its own.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '../../../README.md'), 'utf8').split('\n');
const out = join(here, '../generated');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let blocks = 0;
for (let i = 0; i < readme.length; i++) {
  if (readme[i].trim() !== '```ts') continue;
  const start = i + 1;
  let end = start;
  while (end < readme.length && readme[end].trim() !== '```') end++;
  const code = readme.slice(start, end).join('\n');
  const kind = /\bdescribe\(/.test(code) ? 'spec.ts' : 'ts';
  // Named by the README line the block starts on, so a failure points at it.
  writeFileSync(join(out, `readme-line-${start + 1}.${kind}`), `${code}\nexport {};\n`);
  blocks++;
  i = end;
}
console.log(`Copied ${blocks} TypeScript blocks of README.md into generated/.`);

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runProcess } from '../support/run-process';

const REPO = join(__dirname, '..', '..');
const SCRIPT = join(REPO, 'scripts', 'check-architecture.mjs');

/** A project with the checker in scripts/ and `files` (path → text) under src/. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'architecture-'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync(SCRIPT, join(root, 'scripts', 'check-architecture.mjs'));
  for (const [path, text] of Object.entries(files)) {
    const file = join(root, 'src', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

async function check(files: Record<string, string>) {
  const root = project(files);
  try {
    return await runProcess(process.execPath, [join(root, 'scripts', 'check-architecture.mjs')]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const x${i} = ${i};`);

describe('scripts/check-architecture.mjs', () => {
  it('passes on this repository: the house keeps to its layers and sizes', async () => {
    const result = await runProcess(process.execPath, [SCRIPT]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Architecture: \d+ files of src\/ keep to their layers/);
  });

  it('passes imports that point down, and within a folder', async () => {
    const result = await check({
      'clock/clock.ts': 'export const now = () => 0;\n',
      'consumer/loop.ts': "import { now } from '../clock/clock';\nimport { b } from './b';\n",
      'consumer/b.ts': 'export const b = 1;\n',
    });
    expect(result.code).toBe(0);
  });

  it('reads an import of a folder as its index.ts, not as the package root', async () => {
    const result = await check({
      'clock/index.ts': "export { now } from './clock';\n",
      'clock/clock.ts': 'export const now = () => 0;\n',
      'consumer/loop.ts': "import { now } from '../clock';\n",
      'index.ts': "export * from './consumer/loop';\n",
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('fails a lower layer that imports a higher one, naming the file and the import', async () => {
    const result = await check({
      'clock/clock.ts': "import type { SqsConsumer } from '../consumer/loop';\n",
      'consumer/loop.ts': 'export class SqsConsumer {}\n',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "src/clock/clock.ts: src/clock/ imports the higher layer src/consumer/ ('../consumer/loop')",
    );
  });

  it('fails two folders of one layer that import each other, dynamic imports included', async () => {
    const result = await check({
      'consumer/loop.ts': "export const load = () => import('../producer/send');\n",
      'producer/send.ts': 'export const send = 1;\n',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('src/consumer/ imports src/producer/ of its own layer');
  });

  it('fails a folder that has no layer', async () => {
    const result = await check({ 'misc/util.ts': 'export const u = 1;\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('folder src/misc/ has no layer');
  });

  it('fails a file past 500 lines unless its first comment says why', async () => {
    const long = lines(501).join('\n');
    const failed = await check({ 'consumer/long.ts': `${long}\n` });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('src/consumer/long.ts: 502 lines (over 500)');

    const reasoned = await check({
      'consumer/long.ts': `/**\n * Long file: one table, read top to bottom.\n */\n${long}\n`,
    });
    expect(reasoned.code).toBe(0);
  });
});

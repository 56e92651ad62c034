import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess, type ProcessResult } from '../support/run-process';

const REPO = join(__dirname, '..', '..');
const SLOW = 120_000;

/**
 * A tiny project laid out like this repository (scripts/, src/, the two tsconfigs and the
 * repository's own TypeScript), so the script builds and runs it exactly as it does the demo.
 */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'run-built-'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(REPO, 'scripts', 'run-built.mjs'), join(root, 'scripts', 'run-built.mjs'));
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(REPO, 'node_modules', 'typescript'), join(root, 'node_modules', 'typescript'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture', version: '1.0.0' }));
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        strict: true,
        types: [],
        outDir: 'dist',
        rootDir: 'src',
      },
      include: ['src'],
    }),
  );
  writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json' }));
  mkdirSync(join(root, 'src'));
  writeMain(root, 'one');
  return root;
}

/** The entry: prints its arguments; `exitCode` sets the process's exit code. */
function writeMain(root: string, label: string, exitCode = 0): void {
  writeFileSync(
    join(root, 'src', 'main.ts'),
    `declare const process: { argv: string[]; exitCode?: number };\n` +
      `console.log('${label}', JSON.stringify(process.argv.slice(2)));\n` +
      `process.exitCode = ${exitCode};\n`,
  );
}

function run(root: string, ...args: string[]): Promise<ProcessResult> {
  return runProcess(process.execPath, [
    join(root, 'scripts', 'run-built.mjs'),
    'dist/main.js',
    ...args,
  ]);
}

const BUILDING =
  'Building dist/ from src/ (tsc -p tsconfig.build.json) before running dist/main.js…';

describe('scripts/run-built.mjs (npm start, npm run emulator)', () => {
  const roots: string[] = [];
  const fixture = () => {
    const root = project();
    roots.push(root);
    return root;
  };
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it(
    'says it is building before tsc runs, then runs the entry with the arguments after it',
    async () => {
      const ran = await run(fixture(), 'emulator', '--port', '9324');
      expect({
        code: ran.code,
        first: ran.stderr.split('\n')[0],
        built: /^Built in \d+\.\d s\.$/m.test(ran.stderr),
        stdout: ran.stdout,
      }).toEqual({
        code: 0,
        first: BUILDING,
        built: true,
        stdout: 'one ["emulator","--port","9324"]\n',
      });
    },
    SLOW,
  );

  it(
    "builds afresh without running anything for npm's prepare, and the next start needs no build",
    async () => {
      const root = fixture();
      // An output whose source is gone must not survive into a packed package.
      mkdirSync(join(root, 'dist'));
      writeFileSync(join(root, 'dist', 'stale.js'), '');
      const prepared = await runProcess(process.execPath, [
        join(root, 'scripts', 'run-built.mjs'),
        '--build-only',
        'dist/main.js',
      ]);
      const started = await run(root, 'x');
      expect({
        prepare: [prepared.code, prepared.stderr.split('\n')[0], prepared.stdout],
        start: [started.code, started.stderr, started.stdout],
      }).toEqual({
        prepare: [0, 'Building dist/ from src/ (tsc -p tsconfig.build.json)…', ''],
        start: [0, 'dist/ is up to date with src/ (no build needed).\n', 'one ["x"]\n'],
      });
      expect(existsSync(join(root, 'dist', 'stale.js'))).toBe(false);
    },
    SLOW,
  );

  it(
    'does not rebuild when dist/ is up to date',
    async () => {
      const root = fixture();
      await run(root);
      const again = await run(root, 'x');
      expect({ code: again.code, stderr: again.stderr, stdout: again.stdout }).toEqual({
        code: 0,
        stderr: 'dist/ is up to date with src/ (no build needed).\n',
        stdout: 'one ["x"]\n',
      });
    },
    SLOW,
  );

  it(
    'rebuilds after a source changes',
    async () => {
      const root = fixture();
      await run(root);
      writeMain(root, 'two');
      const later = new Date(Date.now() + 5_000); // past the stamp even on a coarse clock
      utimesSync(join(root, 'src', 'main.ts'), later, later);
      const again = await run(root);
      expect({ building: again.stderr.includes(BUILDING), stdout: again.stdout }).toEqual({
        building: true,
        stdout: 'two []\n',
      });
    },
    SLOW,
  );

  it(
    'rebuilds everything when dist/ was deleted',
    async () => {
      const root = fixture();
      await run(root);
      rmSync(join(root, 'dist'), { recursive: true });
      const again = await run(root);
      expect({
        code: again.code,
        built: existsSync(join(root, 'dist', 'main.js')),
        stdout: again.stdout,
      }).toEqual({
        code: 0,
        built: true,
        stdout: 'one []\n',
      });
    },
    SLOW,
  );

  it(
    'does not start on a type error, and builds again on the next run',
    async () => {
      const root = fixture();
      writeFileSync(join(root, 'src', 'broken.ts'), 'export const n: number = "text";\n');
      const first = await run(root);
      const second = await run(root);
      expect({
        code: first.code,
        stdout: first.stdout.includes('one'),
        said: first.stderr.includes(
          'The build failed (tsc exited 2): fix the errors above; dist/main.js was not started.',
        ),
        rebuilt: second.stderr.includes(BUILDING),
      }).toEqual({ code: 2, stdout: false, said: true, rebuilt: true });
    },
    SLOW,
  );

  it(
    'exits with the entry’s exit code',
    async () => {
      const root = fixture();
      writeMain(root, 'three', 3);
      expect((await run(root)).code).toBe(3);
    },
    SLOW,
  );
});

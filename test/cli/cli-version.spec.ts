import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPackageVersion } from '../../src/cli/package-version';
import { runProcess } from '../support/run-process';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const SLOW = 60_000;
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** The CLI as `npx nestjs-sqs-kit …` runs it (from source). */
function cli(...args: string[]) {
  return runProcess(process.execPath, ['-r', 'ts-node/register/transpile-only', MAIN, ...args], {
    TS_NODE_TRANSPILE_ONLY: 'true',
  });
}

describe('nestjs-sqs-kit --version (process)', () => {
  it.each([['--version'], ['-v'], ['version']])(
    'prints the package version for %s and exits 0',
    async (flag) => {
      const ran = await cli(flag);
      expect({ code: ran.code, stdout: ran.stdout, stderr: ran.stderr }).toEqual({
        code: 0,
        stdout: `${VERSION}\n`,
        stderr: '',
      });
    },
    SLOW,
  );

  it(
    'lists --version in --help',
    async () => {
      const ran = await cli('--help');
      expect({ code: ran.code, version: /^\s+-v, --version\s+\S/m.test(ran.stdout) }).toEqual({
        code: 0,
        version: true,
      });
    },
    SLOW,
  );
});

describe('package version lookup', () => {
  /** A package laid out as npm installs it: <pkg>/package.json and <pkg>/dist/cli/. */
  function installedPackage(name: string, version: string): string {
    const root = mkdtempSync(join(tmpdir(), 'sqs-cli-version-'));
    const pkg = join(root, 'node_modules', name);
    mkdirSync(join(pkg, 'dist', 'cli'), { recursive: true });
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'users-app', version: '7.0.0' }),
    );
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, version }));
    return join(pkg, 'dist', 'cli');
  }

  it('reads the version of the package the compiled CLI belongs to', () => {
    expect(readPackageVersion(installedPackage('nestjs-sqs-kit', '9.8.7'))).toBe('9.8.7');
  });

  it('never reports the version of the app that installed it', () => {
    expect(readPackageVersion(installedPackage('another-package', '1.2.3'))).toBeUndefined();
  });
});

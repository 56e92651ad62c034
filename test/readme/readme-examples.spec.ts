import { builtinModules } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '../..');
/** The app `nest new` makes, which CI also builds against the packed package. */
const NEST_APP = join(ROOT, 'compat/nest11-cjs');

interface Example {
  /** README line the block starts on. */
  readonly line: number;
  /** The `## ` section it stands in. */
  readonly section: string;
  readonly code: string;
}

/** Every ```ts block of the README, with the line it starts on and its section. */
function readmeExamples(): Example[] {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const out: Example[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('## ')) section = lines[i].slice(3);
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end++;
    out.push({ line: start + 1, section, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return out;
}

/** `nest new`'s compiler options (the compat app's tsconfig.json), read as tsc reads them. */
function nestNewOptions(): ts.CompilerOptions {
  const file = join(NEST_APP, 'tsconfig.json');
  const config = ts.readConfigFile(file, (path) => ts.sys.readFile(path));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, NEST_APP).options;
}

/** Packages a project made by `nest new` lists (plus @nestjs/config, which forRootAsync uses). */
function standardPackages(): Set<string> {
  const pkg = JSON.parse(readFileSync(join(NEST_APP, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  return new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The README is for a newcomer, who copies its examples into an app made by `nest new`: each
 * TypeScript block must compile under that app's own tsconfig (CommonJS, `isolatedModules`,
 * `emitDecoratorMetadata`: no top-level await, types imported as types) and under strict
 * settings, against the package's sources. CI compiles them again against the packed package
 * in that app (compat/nest11-cjs) and runs the test among them.
 */
describe('README examples', () => {
  const examples = readmeExamples();

  it('has TypeScript examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  function problems(extra: ts.CompilerOptions): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'readme-examples-'));
    try {
      const files = examples.map((example, i) => {
        const file = join(dir, `example-${i}-line-${example.line}.ts`);
        writeFileSync(file, `${example.code}\nexport {};\n`);
        return file;
      });
      const program = ts.createProgram(files, {
        ...nestNewOptions(),
        ...extra,
        noEmit: true,
        incremental: false,
        types: ['node', 'jest'],
        typeRoots: [join(ROOT, 'node_modules/@types')],
        baseUrl: ROOT,
        paths: {
          'nestjs-sqs-kit': [join(ROOT, 'src/index.ts')],
          'nestjs-sqs-kit/testing': [join(ROOT, 'src/testing/index.ts')],
          '*': [join(ROOT, 'node_modules/*')],
        },
      });
      return ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file && files.includes(resolve(d.file.fileName)))
        .map((d) => {
          const where = d.file as ts.SourceFile;
          const { line } = where.getLineAndCharacterOfPosition(d.start ?? 0);
          const readmeLine = Number(/line-(\d+)/.exec(where.fileName)?.[1]) + line;
          return `README.md:${readmeLine}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
        });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("compile under nest new's tsconfig", () => {
    expect(problems({})).toEqual([]);
  }, 60_000);

  it('compile under strict TypeScript too', () => {
    expect(problems({ strict: true })).toEqual([]);
  }, 60_000);

  it('import only what an app has: the package, Node, and what nest new lists', () => {
    const allowed = standardPackages();
    // Outside the Testing section, examples may show the package's own dependency and optional peers.
    const elsewhere = new Set(['@aws-sdk/client-sqs', '@nestjs/terminus']);
    const unlisted: string[] = [];
    for (const example of examples) {
      for (const [, specifier] of example.code.matchAll(/from '([^']+)'/g)) {
        const name = packageOf(specifier);
        const ok =
          name === 'nestjs-sqs-kit' ||
          specifier.startsWith('node:') ||
          builtinModules.includes(name) ||
          allowed.has(name) ||
          (example.section !== 'Testing' && elsewhere.has(name));
        if (!ok) unlisted.push(`README.md:${example.line} (${example.section}): ${specifier}`);
      }
    }
    expect(unlisted).toEqual([]);
  });
});

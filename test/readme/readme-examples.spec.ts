import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '../..');

/** Every ```ts block of the README, with the line it starts on. */
function readmeExamples(): { line: number; code: string }[] {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const out: { line: number; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end++;
    out.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return out;
}

/**
 * The README is for a newcomer, who copies its examples: each TypeScript block must compile
 * against the package as published (`nestjs-sqs-kit` and `nestjs-sqs-kit/testing` mapped to
 * the sources), under strict settings. Blocks are modules, so top-level await is allowed.
 */
describe('README examples', () => {
  const examples = readmeExamples();

  it('has TypeScript examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it('compile against the package under strict TypeScript', () => {
    const dir = mkdtempSync(join(tmpdir(), 'readme-examples-'));
    try {
      const files = examples.map((example, i) => {
        const file = join(dir, `example-${i}-line-${example.line}.ts`);
        writeFileSync(file, `${example.code}\nexport {};\n`);
        return file;
      });
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ES2022,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        esModuleInterop: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules/@types')],
        baseUrl: ROOT,
        paths: {
          'nestjs-sqs-kit': [join(ROOT, 'src/index.ts')],
          'nestjs-sqs-kit/testing': [join(ROOT, 'src/testing/index.ts')],
          '*': [join(ROOT, 'node_modules/*')],
        },
      });
      const problems = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file && files.includes(resolve(d.file.fileName)))
        .map((d) => {
          const where = d.file as ts.SourceFile;
          const { line } = where.getLineAndCharacterOfPosition(d.start ?? 0);
          const readmeLine = Number(/line-(\d+)/.exec(where.fileName)?.[1]) + line;
          return `README.md:${readmeLine}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
        });
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

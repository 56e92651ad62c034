import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

const GENERATED = join(__dirname, '../generated');

/** Compiles the README's blocks with this app's tsconfig (nest new's), optionally stricter. */
function problems(extra: ts.CompilerOptions): string[] {
  const configPath = join(__dirname, '../tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, join(__dirname, '..'));
  const files = readdirSync(GENERATED).map((name) => join(GENERATED, name));
  const program = ts.createProgram(files, {
    ...parsed.options,
    ...extra,
    noEmit: true,
    incremental: false,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName.replace(/.*readme-line-(\d+).*/, 'README.md:$1')}`
      : '';
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line : 0;
    return `${where}+${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe("the README's code in an app made by nest new", () => {
  it('has blocks to check', () => {
    expect(readdirSync(GENERATED).length).toBeGreaterThanOrEqual(5);
  });

  it("compiles under nest new's tsconfig, against the installed package", () => {
    expect(problems({})).toEqual([]);
  });

  it('compiles under strict TypeScript too', () => {
    expect(problems({ strict: true })).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import type { DashboardAssets } from '../../src/dashboard/ui/dashboard-assets';

const UI = join(__dirname, '..', '..', 'src', 'dashboard', 'ui');

/**
 * dashboard-assets.ts and the loader it uses compiled as `npm run build` lays them out in dist/:
 * dashboard/ui/ beside dashboard/browser/, which holds `files` (none: the build did not bundle
 * the browser code).
 */
function compiledPackage(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'dashboard-assets-'));
  mkdirSync(join(root, 'dashboard', 'ui'), { recursive: true });
  mkdirSync(join(root, 'dashboard', 'browser'));
  for (const name of ['dashboard-assets', 'browser-assets']) {
    const { outputText } = transpileModule(readFileSync(join(UI, `${name}.ts`), 'utf8'), {
      compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 },
    });
    writeFileSync(join(root, 'dashboard', 'ui', `${name}.js`), outputText);
  }
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(root, 'dashboard', 'browser', name), text);
  }
  return root;
}

function load(root: string): () => DashboardAssets {
  type Compiled = { dashboardAssets: () => DashboardAssets };
  const file = join(root, 'dashboard', 'ui', 'dashboard-assets.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled file, as in dist/
  const compiled = require(file) as Compiled;
  return compiled.dashboardAssets;
}

describe('dashboard assets in the built package', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('serves the files the build put in dist/dashboard/browser/', () => {
    const root = compiledPackage({ 'app.js': '/* script */', 'app.css': '/* styles */' });
    roots.push(root);
    expect(load(root)()).toEqual({ script: '/* script */', styles: '/* styles */' });
  });

  it('says what is missing when the package was built without them', () => {
    const root = compiledPackage({});
    roots.push(root);
    expect(load(root)).toThrow(
      /The dashboard's script or stylesheet is missing from .*dashboard\/browser: this copy of nestjs-sqs-kit was built without them \(npm run build makes them\)/,
    );
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../support/run-process';

const REPO = join(__dirname, '..', '..');
const SCRIPT = join(REPO, 'scripts', 'build-browser.mjs');

function print(...args: string[]) {
  return runProcess(process.execPath, [SCRIPT, '--print', ...args]);
}

describe('scripts/build-browser.mjs --print (the pages served from src/)', () => {
  it.each([
    ['dashboard', 'src/dashboard/browser/', 'app.css'],
    ['demo', 'src/demo/page/browser/', 'demo.css'],
  ])(
    'prints the %s bundle: one classic script from %s, and its stylesheet',
    async (name, sources, styles) => {
      const ran = await print(name);
      const printed = JSON.parse(ran.stdout) as { script: string; styles: string };
      expect({ code: ran.code, stderr: ran.stderr }).toEqual({ code: 0, stderr: '' });
      expect(printed.script.split('\n')[0]).toBe(
        `// nestjs-sqs-kit ${name}: built from ${sources} (TypeScript).`,
      );
      // No import or export: the page loads no module.
      expect(() => new Function(printed.script)).not.toThrow();
      expect(printed.script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
      expect(printed.styles).toBe(readFileSync(join(REPO, sources, styles), 'utf8'));
    },
  );

  it('names the bundles when asked for one it does not have, or for none', async () => {
    const unknown = await print('nope');
    const missing = await print();
    expect([unknown.code, unknown.stdout, unknown.stderr]).toEqual([
      1,
      '',
      "Could not build the pages' browser code: No bundle 'nope': the bundles are dashboard, demo.\n",
    ]);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      "Could not build the pages' browser code: --print needs a bundle's name: dashboard, demo.\n",
    ]);
  });
});

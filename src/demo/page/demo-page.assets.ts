import { join } from 'node:path';
import { type BrowserAssets, loadBrowserAssets } from '../../dashboard/ui/browser-assets';

let assets: BrowserAssets | undefined;

/**
 * The page's script and stylesheet, read once: from dist/demo/page/browser/ when the demo runs
 * built (`npm start`), bundled from the TypeScript sources in src/demo/page/browser/ when it runs
 * from src/ (the tests). See scripts/build-browser.mjs.
 */
export function demoPageAssets(): BrowserAssets {
  assets ??= loadBrowserAssets({
    name: 'demo',
    owner: "the demo page's",
    builtDir: join(__dirname, 'browser'),
    script: 'demo.js',
    styles: 'demo.css',
  });
  return assets;
}

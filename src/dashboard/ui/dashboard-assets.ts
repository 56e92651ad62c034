import { join } from 'node:path';
import { type BrowserAssets, loadBrowserAssets } from './browser-assets';

/** The page's script and stylesheet, served as `<path>/assets/app.js` and `app.css`. */
export type DashboardAssets = BrowserAssets;

let assets: DashboardAssets | undefined;

/**
 * The page's script and stylesheet, read once: in the package, from dist/dashboard/browser/
 * (the browser folder beside this one, where `npm run build` bundles them); in a checkout's
 * src/, bundled from the TypeScript sources in that folder (scripts/build-browser.mjs).
 */
export function dashboardAssets(): DashboardAssets {
  assets ??= loadBrowserAssets({
    name: 'dashboard',
    owner: "the dashboard's",
    builtDir: join(__dirname, '..', 'browser'),
    script: 'app.js',
    styles: 'app.css',
  });
  return assets;
}

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** The little of the DOM that code run inside the page touches (the project has no lib.dom). */
export interface PageDocument {
  querySelector(selector: string): { readonly textContent: string | null } | null;
  querySelectorAll(selector: string): { readonly length: number };
  readonly activeElement: {
    readonly textContent: string | null;
    getAttribute(name: string): string | null;
  } | null;
}
declare const document: PageDocument;

/** Debian's Chromium (`apt-get install -y chromium`), unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where screenshots go: test artifacts, not committed (the folder is gitignored). */
export const ARTIFACTS_DIR = join(__dirname, '..', '..', '..', 'test-artifacts', 'dashboard');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium with a new, empty profile, at a laptop-sized viewport. */
export interface HeadlessChromium {
  readonly context: BrowserContext;
  /** A new page that fails the test on any script error or console error. */
  newPage(): Promise<Page & { readonly problems: string[] }>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} not found: install Debian's Chromium with ` +
        '`apt-get install -y chromium` (or set CHROMIUM_PATH).',
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1366, height: 768 },
  });
  return {
    context,
    async newPage() {
      const page = (await context.newPage()) as Page & { problems: string[] };
      page.problems = [];
      page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') page.problems.push(`console error: ${m.text()}`);
      });
      page.on('dialog', (d) => {
        page.problems.push(`unexpected ${d.type()} dialog: ${d.message()}`);
        void d.dismiss();
      });
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Saves a screenshot as a test artifact: the viewport, or down to the end of `upTo`'s content
 * (no empty page below it).
 */
export async function saveScreenshot(page: Page, name: string, upTo?: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  const viewport = page.viewportSize() ?? { width: 1366, height: 768 };
  const box = upTo ? await page.locator(upTo).boundingBox() : null;
  const height = box ? Math.min(viewport.height, Math.ceil(box.y + box.height)) : viewport.height;
  await page.screenshot({ path, clip: { x: 0, y: 0, width: viewport.width, height } });
  return path;
}

/** Waits until the element matching `selector` has exactly `text` (live updates arrive by SSE). */
export async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([s, t]) => document.querySelector(s)?.textContent?.trim() === t,
    [selector, text] as const,
    { timeout: 10_000 },
  );
}

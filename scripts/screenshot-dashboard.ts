/**
 * `npm run screenshot:dashboard`: draws docs/dashboard.png, the README's picture of the dashboard.
 *
 * It starts the demo with handlers that take a while (so that work shows in flight and queued),
 * sends it a burst of FIFO payments and thirty orders (every fifth one failing for good, to fill
 * the dead-letter queue), and shoots the overview in Debian's Chromium once the dead-letter queue
 * holds something. A script, not a test: it draws, and checks only that the page drew without an
 * error (test/dashboard/browser checks the dashboard itself).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, saveScreenshot } from '../test/support/dashboard/chromium';
import { startDemo } from '../test/support/demo/start-demo';

const OUTPUT = join(__dirname, '..', 'docs', 'dashboard.png');

// Inside page.waitForFunction's callback, which runs in the page.
declare const document: { querySelector(selector: string): { textContent: string | null } | null };

async function main(): Promise<void> {
  const chromium = await launchChromium();
  const demo = await startDemo({ DEMO_WORK_MS: '600' });
  try {
    const page = await chromium.newPage();
    await page.goto(`${demo.url}/sqs`);
    const post = (path: string, body: unknown) =>
      fetch(`${demo.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post('/payments/burst', { accounts: 3, payments: 8 });
    for (let i = 0; i < 30; i++) {
      await post('/orders', {
        item: 'espresso',
        quantity: 1,
        customer: `c${i}`,
        fail: i % 5 === 0,
      });
      await page.waitForTimeout(100);
    }
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.textContent?.trim() !== '0',
      'tr[data-queue="orders-dlq"] [data-count="visible"]',
      { timeout: 30_000 },
    );
    const shot = await saveScreenshot(page, 'readme-overview', 'main');
    if (page.problems.length > 0) {
      throw new Error(`The page reported problems:\n${page.problems.join('\n')}`);
    }
    mkdirSync(join(OUTPUT, '..'), { recursive: true });
    copyFileSync(shot, OUTPUT);
    console.log(`Wrote ${OUTPUT}`);
  } finally {
    await demo.close();
    await chromium.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

import type { Page } from 'playwright-core';
import type { DemoApp } from '../../src/demo/demo-app';
import {
  type HeadlessChromium,
  launchChromium,
  saveScreenshot,
  waitForText,
} from '../support/dashboard/chromium';
import { postJson } from '../support/demo/http';
import { startDemo } from '../support/demo/start-demo';

jest.setTimeout(30_000);

/** The orders counters and the events each one counts. */
const COUNTERS = [
  ['o-sent', 'sent'],
  ['o-processed', 'processed'],
  ['o-failed', 'failed'],
  ['o-dlq', 'dead-lettered'],
] as const;

/** What the page showed each time a line was added to its event log. */
interface CounterCheck {
  readonly logged: number[];
  readonly shown: number[];
}

/**
 * Runs in the page (as a string: the project has no DOM types): records, each time the event log
 * changes, how many orders events of each type it lists and what the counters say.
 */
const WATCH_COUNTERS = `(() => {
  window.__checks = [];
  var counters = ${JSON.stringify(COUNTERS)};
  var logged = function (type) {
    return Array.prototype.filter.call(document.querySelectorAll('#log li.' + type), function (li) {
      return li.children[1].textContent === 'orders';
    }).length;
  };
  new MutationObserver(function () {
    window.__checks.push({
      logged: counters.map(function (c) { return logged(c[1]); }),
      shown: counters.map(function (c) { return Number(document.getElementById(c[0]).textContent); }),
    });
  }).observe(document.getElementById('log'), { childList: true });
})()`;

describe('demo page, in Chromium', () => {
  let chromium: HeadlessChromium;
  let demo: DemoApp;
  let page: Page & { readonly problems: string[] };

  beforeAll(async () => {
    chromium = await launchChromium();
  });

  afterAll(() => chromium?.close());

  beforeEach(async () => {
    demo = await startDemo();
    page = await chromium.newPage();
    await page.goto(`${demo.url}/`);
    await page.waitForSelector('#live.on');
  });

  afterEach(async () => {
    if (!page) return; // the browser did not start
    const name = expect.getState().currentTestName?.replace(/\W+/g, '-') ?? 'page';
    await saveScreenshot(page, `demo-page-${name}`);
    await page.close();
    await demo.close();
    expect(page.problems).toEqual([]);
  });

  it('links to the dashboard', async () => {
    await page.click('a:text("SQS dashboard")');
    await page.waitForSelector('tr[data-queue="orders"]');
    expect(page.url()).toBe(`${demo.url}/sqs`);
  });

  it('updates the counters with the event that changes them, not later', async () => {
    await page.evaluate(WATCH_COUNTERS);

    await postJson(`${demo.url}/orders`, { item: 'tea' });
    await postJson(`${demo.url}/orders`, { item: 'cake', fail: true });
    await waitForText(page, '#o-dlq', '1');
    await waitForText(page, '#o-processed', '1');

    const checks = (await page.evaluate('window.__checks')) as CounterCheck[];
    // 2 sent, 4 received, 1 processed, 3 failed, 1 dead-lettered: a line each.
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.filter((c) => c.logged.join() !== c.shown.join())).toEqual([]);
    expect(checks[checks.length - 1].shown).toEqual([2, 1, 3, 1]);
  });

  it('names each queue the same way in the event stream and the queue table', async () => {
    await postJson(`${demo.url}/payments/burst`, { accounts: 1, payments: 1 });
    await page.waitForSelector('#log li.processed');
    await page.waitForSelector('#queues tr[data-queue="payments"]');

    const streamed = new Set(await page.locator('#log li .tag.queue').allTextContents());
    const tabled = await page.locator('#queues tr [data-queue-name]').allTextContents();
    expect([...streamed]).toEqual(['payments']);
    expect(tabled).toEqual(['orders', 'orders-dlq', 'payments']);
    // The SQS name of the FIFO queue, shown once, beside its name.
    const text = await page.locator('body').innerText();
    expect(text.split('payments.fifo')).toHaveLength(2);
    expect(await page.textContent('#queues tr[data-queue="payments"]')).toContain('payments.fifo');
  });
});

import type { Page, WebSocketRoute } from 'playwright-core';
import type { DemoMessageEvent } from '../../src/demo/feed/demo-event.interface';
import type { PlacedOrder } from '../../src/demo/orders/order.interface';
import {
  type HeadlessChromium,
  launchChromium,
  saveScreenshot,
  waitForText,
} from '../support/dashboard/chromium';
import { FeedClient } from '../support/demo/feed-client';
import { postJson } from '../support/demo/http';
import { type RunningDemo, startDemo } from '../support/demo/start-demo';

jest.setTimeout(30_000);

/** The orders counters and the events each one counts. */
const COUNTERS = [
  ['o-sent', 'sent'],
  ['o-processed', 'processed'],
  ['o-failed', 'failed'],
  ['o-dlq', 'dead-lettered'],
] as const;

/** What the page showed each time lines were added to its event log. */
interface CounterCheck {
  /** Orders lines of each type added since the watch began. */
  readonly added: number[];
  /** How much each counter has grown since then. */
  readonly grown: number[];
}

/**
 * Runs in the page (as a string: the project has no DOM types): records, each time lines are
 * added to the event log, how many orders lines of each type were added since it began and how
 * much each counter grew meanwhile. (Counting added nodes, not lines present: the log keeps only
 * the latest lines, and on load it holds the notifier's history.)
 */
const WATCH_COUNTERS = `(() => {
  window.__checks = [];
  var counters = ${JSON.stringify(COUNTERS)};
  var shown = function () {
    return counters.map(function (c) { return Number(document.getElementById(c[0]).textContent); });
  };
  var base = shown();
  var added = counters.map(function () { return 0; });
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      Array.prototype.forEach.call(record.addedNodes, function (li) {
        if (li.children[1].textContent !== 'orders') return;
        counters.forEach(function (c, i) { if (li.classList.contains(c[1])) added[i]++; });
      });
    });
    var now = shown();
    window.__checks.push({
      added: added.slice(),
      grown: now.map(function (n, i) { return n - base[i]; }),
    });
  }).observe(document.getElementById('log'), { childList: true });
})()`;

/** Polls `condition` until it holds (the page's clock, not ours, decides when it reconnects). */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('demo page, in Chromium', () => {
  let chromium: HeadlessChromium;
  let demo: RunningDemo;
  let page: Page & { readonly problems: string[] };

  beforeAll(async () => {
    chromium = await launchChromium();
    demo = await startDemo();
  }, 90_000);

  afterAll(async () => {
    await chromium?.close();
    await demo?.close();
  });

  beforeEach(async () => {
    page = await chromium.newPage();
  });

  afterEach(async () => {
    if (!page) return; // the browser did not start
    const name = expect.getState().currentTestName?.replace(/\W+/g, '-') ?? 'page';
    await saveScreenshot(page, `demo-page-${name}`);
    await page.close();
    expect(page.problems).toEqual([]);
  });

  const open = async () => {
    await page.goto(`${demo.url}/`);
    await page.waitForSelector('#live.on');
  };

  it("links to the notifier's dashboard, served from the page's origin", async () => {
    await open();

    await page.click('a:text("SQS dashboard")');
    await page.waitForSelector('tr[data-queue="orders"]');

    expect(page.url()).toBe(`${demo.url}/sqs`);
  });

  it("links to the emulator's own dashboard", async () => {
    await open();

    expect(await page.getAttribute('#emulator-dashboard', 'href')).toBe(
      `${demo.sqsEndpoint}/dashboard`,
    );
    expect(await page.isVisible('#emulator-dashboard')).toBe(true);
  });

  it('updates the counters with the event that changes them, not later', async () => {
    await open();
    await page.evaluate(WATCH_COUNTERS);
    const before = Number(await page.textContent('#o-dlq'));

    await postJson(`${demo.url}/orders`, { item: 'tea' });
    await postJson(`${demo.url}/orders`, { item: 'cake', fail: true });
    await waitForText(page, '#o-dlq', String(before + 1));

    const checks = (await page.evaluate('window.__checks')) as CounterCheck[];
    // 2 sent, 4 received, 1 processed, 3 failed, 1 dead-lettered: a line each.
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.filter((c) => c.added.join() !== c.grown.join())).toEqual([]);
    expect(checks[checks.length - 1].grown).toEqual([2, 1, 3, 1]);
  });

  it('names each queue the same way in the event log and the queue table', async () => {
    await open();
    await postJson(`${demo.url}/payments/burst`, { accounts: 1, payments: 1 });
    await page.waitForSelector('#log li.processed:not(.replayed)');
    await page.waitForSelector('#queues tr[data-queue="payments"]');

    const live = new Set(await page.locator('#log li:not(.replayed) .tag.queue').allTextContents());
    const tabled = await page.locator('#queues tr [data-queue-name]').allTextContents();
    expect([...live]).toEqual(['payments']);
    expect(tabled).toEqual(['orders', 'orders-dlq', 'payments']);
    // The SQS name of the FIFO queue, shown once, beside its name.
    expect(await page.textContent('#queues tr[data-queue="payments"]')).toContain('payments.fifo');
    expect((await page.locator('#queues').innerText()).split('payments.fifo')).toHaveLength(2);
  });

  it('reconnects with backoff when its socket drops, and shows the events it missed', async () => {
    // Every socket the page opens goes through here: to the server while `refusing` is off;
    // refused at once (opened, then closed) while it is on, as a flaky network would.
    const sockets: WebSocketRoute[] = [];
    let refusing = false;
    let refused = 0;
    await page.routeWebSocket(/\/ws(\?|$)/, (socket) => {
      if (refusing) {
        refused++;
        void socket.close({ code: 1011, reason: 'refused by the test' });
        return;
      }
      socket.connectToServer();
      sockets.push(socket);
    });
    const feed = await FeedClient.connect(demo.url);
    try {
      await open();
      const seen = await postJson<PlacedOrder>(`${demo.url}/orders`, { item: 'seen live' });
      await page.waitForSelector(`tr[data-message-id="${seen.body.messageId}"].processed`);

      refusing = true;
      await sockets[0].close({ code: 1006 });
      await page.waitForSelector('#live[data-state="reconnecting"]');
      const missed: PlacedOrder[] = [];
      for (const item of ['missed one', 'missed two']) {
        missed.push((await postJson<PlacedOrder>(`${demo.url}/orders`, { item })).body);
      }
      await feed.waitForAll(
        (e: DemoMessageEvent) =>
          e.type === 'processed' && missed.some((m) => m.messageId === e.messageId),
        2,
      );
      // Refused twice: it kept trying, each time a little later, and is still not live.
      await until(() => refused >= 2, 'two refused reconnections');
      expect(await page.getAttribute('#live', 'data-state')).not.toBe('live');
      refusing = false;

      await page.waitForSelector('#live.on', { timeout: 20_000 });
      for (const { messageId } of missed) {
        await page.waitForSelector(`tr[data-message-id="${messageId}"].processed`);
      }
      expect(await page.textContent('#notice')).toMatch(
        /^reconnected: \d+ missed events replayed$/,
      );
      // The missed steps are in the log, marked as replayed, each once.
      const replayed = await page.locator('#log li.replayed').count();
      expect(replayed).toBeGreaterThanOrEqual(2 * 3); // sent, received, processed of each
      const seqs = await page
        .locator('#log li')
        .evaluateAll((lines) => lines.map((line) => line.getAttribute('data-seq')));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(sockets).toHaveLength(2);
    } finally {
      feed.close();
    }
  });
});

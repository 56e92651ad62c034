/**
 * The demo page's script, bundled into the one classic script the page loads
 * (`/assets/demo.js`; scripts/build-browser.mjs): no library, nothing from elsewhere.
 *
 * Queues are named by their logical names (`payments`), as the feed and the app's code name
 * them; the queue table adds the SQS name where it differs (`payments.fifo`). The counters come
 * from the events themselves (each carries its queue's counts), so they move with the log; after
 * a reconnection, from the hello, which is as new as the last event it replays.
 */
import type { DemoMessageEvent } from '../../feed/demo-event.interface';
import { bindControls } from './controls';
import { logEvent } from './event-log';
import { connectFeed } from './feed-socket';
import { showOrderEvent } from './orders';
import { showPaymentEvent } from './payments';
import { refreshQueues } from './queues';
import { setCounters, setFeedState, showCatchUp, showHello } from './status';

bindControls();

/** Shows one event: the log line, the order's row or the payment's chip. */
function show(e: DemoMessageEvent, replayed: boolean): void {
  logEvent(e, replayed);
  if (e.queue === 'orders') showOrderEvent(e);
  else if (e.queue === 'payments') showPaymentEvent(e);
}

connectFeed({
  state: setFeedState,
  hello: (hello, previousInstance) => {
    showHello(hello);
    for (const e of hello.missed) show(e, true);
    showCatchUp(hello, previousInstance);
  },
  event: (e) => {
    // In the same task as the log line: the counters never lag behind it.
    show(e, false);
    setCounters(e.queue, e.counts);
  },
});

refreshQueues();
setInterval(refreshQueues, 1000);

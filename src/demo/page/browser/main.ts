/**
 * The demo page's script, bundled into the one classic script the page loads
 * (`/assets/demo.js`; scripts/build-browser.mjs): no library, nothing from elsewhere.
 *
 * Queues are named by their logical names (`payments`), as the event stream and the app's code
 * name them; the queue table adds the SQS name where it differs (`payments.fifo`). The counters
 * come from the events themselves (each carries its queue's counts), so they move with the log.
 */
import { bindControls } from './controls';
import { logEvent } from './event-log';
import { connectEventStream } from './event-stream';
import { showOrderEvent } from './orders';
import { showPaymentEvent } from './payments';
import { refreshQueues } from './queues';
import { setCounters, setLive, showHello } from './status';

bindControls();

connectEventStream({
  open: () => setLive(true),
  lost: () => setLive(false),
  event: (e) => {
    if (e.type === 'hello') {
      showHello(e);
      return;
    }
    // In the same task as the log line: the counters never lag behind it.
    logEvent(e);
    setCounters(e.queue, e.counts);
    if (e.queue === 'orders') showOrderEvent(e);
    else if (e.queue === 'payments') showPaymentEvent(e);
  },
});

refreshQueues();
setInterval(refreshQueues, 1000);

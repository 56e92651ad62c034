/**
 * The dashboard page's script, bundled into the one classic script the page loads
 * (`<path>/assets/app.js`; scripts/build-dashboard.mjs): no library, nothing from elsewhere.
 *
 * Rules it keeps: every value that comes from a queue or a message reaches the DOM through
 * `textContent` or an attribute (dom.ts), never HTML parsing; links are built from fixed
 * fragments and `encodeURIComponent`; actions are JSON POSTs to the same origin (api.ts). Parts
 * of the page are rebuilt only when their data changed, and focus is put back on the element
 * that had it, so keyboard use survives live updates (layout.ts).
 */
import { EVENTS_URL, api, parseState } from './api';
import { app, onState, render, setRenderer } from './app';
import { h } from './dom';
import { messageOf, setLive } from './feedback';
import { main } from './layout';
import { parseRoute } from './route';
import { renderRoute } from './router';

/** Follows the state the server pushes; reconnects if the browser gave up. */
function connect(): void {
  const source = new EventSource(EVENTS_URL);
  source.addEventListener('state', (event: MessageEvent<string>) => {
    setLive(true);
    onState(parseState(event.data));
  });
  source.onopen = () => setLive(true);
  source.onerror = () => {
    setLive(false);
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
  };
}

setRenderer(renderRoute);

window.addEventListener('hashchange', () => {
  app.route = parseRoute();
  render();
  main.focus({ preventScroll: true });
});

render();
api.state().then(
  (state) => {
    onState(state);
    connect();
  },
  (error: unknown) => {
    setLive(false, 'offline');
    main.replaceChildren(
      h('p', {
        class: 'error-text',
        text: 'The dashboard API did not answer: ' + messageOf(error),
      }),
    );
  },
);

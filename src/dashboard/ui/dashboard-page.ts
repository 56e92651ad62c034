/** What the page needs to know at load: where its API is, and whether it may act. */
export interface DashboardPageOptions {
  /** Normalized dashboard path ('' or '/sqs'). */
  readonly base: string;
  readonly readOnly: boolean;
  readonly title: string;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * The page shell. Everything in it is static or escaped; the script fills `main` with DOM nodes
 * (text through `textContent`, never HTML), from the JSON API.
 */
export function renderDashboardPage(options: DashboardPageOptions): string {
  const base = escapeHtml(options.base);
  const title = escapeHtml(options.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${title}</title>
<link rel="stylesheet" href="${base}/assets/app.css">
<script src="${base}/assets/app.js" defer></script>
</head>
<body data-base="${base}" data-read-only="${options.readOnly ? 'true' : 'false'}">
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <h1>${title}</h1>
  <span class="badge" id="backend" title="Backend">…</span>
  ${options.readOnly ? '<span class="badge warn" title="Actions are disabled">read-only</span>' : ''}
  <span class="live" id="live" role="status" aria-live="polite">connecting…</span>
</header>
<nav class="tabs" aria-label="Sections">
  <a href="#/queues" data-tab="queues">Queues</a>
  <a href="#/dead-letters" data-tab="dead-letters">Dead letters</a>
  <a href="#/consumers" data-tab="consumers">Consumers</a>
  <a href="#/send" data-tab="send">Send a message</a>
</nav>
<main id="main" tabindex="-1"><p class="muted">Loading…</p></main>
<dialog id="confirm" aria-labelledby="confirm-title">
  <form method="dialog" id="confirm-form">
    <h2 id="confirm-title"></h2>
    <p id="confirm-text"></p>
    <label id="confirm-typed-label" hidden>Type <strong id="confirm-expected"></strong> to confirm
      <input id="confirm-typed" autocomplete="off" spellcheck="false"></label>
    <div class="actions">
      <button value="cancel" type="submit" class="secondary">Cancel</button>
      <button value="ok" type="submit" id="confirm-ok" class="danger">Confirm</button>
    </div>
  </form>
</dialog>
<div id="toasts" class="toasts" aria-live="assertive"></div>
</body>
</html>
`;
}

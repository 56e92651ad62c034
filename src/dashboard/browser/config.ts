/**
 * What the server told the page in its HTML (dashboard-page.ts): where the API is, and whether
 * the page may act. Read once: the page is rendered anew for a change of either.
 */

/** The dashboard's path ('' or '/sqs'): the API is under `<base>/api/`. */
export const base = document.body.getAttribute('data-base') || '';

/** Whether actions (send, purge, redrive, delete, start/stop) are off. */
export const readOnly = document.body.getAttribute('data-read-only') === 'true';

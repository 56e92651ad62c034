/**
 * The DOM helpers. Every value from the server reaches the page through `textContent` or an
 * attribute, never through HTML parsing, so no message body can become markup.
 */

/** An element the page's HTML always has (demo-page.html.ts), of the type the script needs. */
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`The page has no #${id} element.`);
  return node;
}

/** An element with a class (none if empty) and a text (none if undefined). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string | number,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** Keeps the first `max` children of a list that grows at the top. */
export function trim(list: Element, max: number): void {
  while (list.children.length > max && list.lastChild) list.removeChild(list.lastChild);
}

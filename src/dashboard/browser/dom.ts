/**
 * The DOM kit: elements built from properties and children, text only. Every value that comes
 * from a queue or a message reaches the page through `textContent` or `setAttribute`, never
 * through HTML parsing, so no message body can become markup.
 */

/** What an element can hold: nodes, text, nothing (skipped), or lists of those. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

export type Listener = (event: Event) => void;

/**
 * An element's properties: `text` (its text), `class`, `key` (`data-key`, how focus finds the
 * element again after a rebuild), `on<event>` listeners, the live properties `value`, `disabled`,
 * `hidden` and `selected`, and any other name as an attribute (`true` for an empty one).
 * `undefined`, `null` and `false` leave a property out.
 */
export type Props = Readonly<
  Record<string, string | number | boolean | null | undefined | Listener>
>;

/** Properties set on the element itself: as attributes they would only set the initial state. */
const LIVE_PROPERTIES = new Set(['value', 'disabled', 'hidden', 'selected']);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) setProps(el, props);
  append(el, children);
  return el;
}

export function svg(
  tag: string,
  attrs: Readonly<Record<string, string | number>>,
  ...children: Child[]
): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  append(el, children);
  return el;
}

function setProps(el: HTMLElement, props: Props): void {
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (name === 'text') el.textContent = String(value);
    else if (name === 'class') el.className = String(value);
    else if (name === 'key') el.setAttribute('data-key', String(value));
    else if (LIVE_PROPERTIES.has(name)) Reflect.set(el, name, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(el: Element, child: Child): void {
  if (child === undefined || child === null || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child as readonly Child[]) append(el, c);
    return;
  }
  el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

/** A link to a route of the page: `#/` and the parts, each encoded. */
export function link(text: string, hash: readonly string[], props?: Props): HTMLAnchorElement {
  return h('a', { ...props, href: '#/' + hash.map(encodeURIComponent).join('/'), text });
}

/** An element the page's HTML always has (dashboard-page.ts), of the type the script needs. */
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`The page has no #${id} element.`);
  return el;
}

/** The element a listener runs for (`currentTarget`): the button that was clicked. */
export function listenerElement(event: Event): HTMLElement {
  const el = event.currentTarget;
  if (!(el instanceof HTMLElement)) throw new Error('The listener is not on an element.');
  return el;
}

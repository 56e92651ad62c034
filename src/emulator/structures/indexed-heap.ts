/**
 * A binary min-heap that knows where each item sits, so `remove` and `update` are O(log n).
 * Used for "what falls due next" (visibility, delay, retention) instead of a timer per message.
 * Each heap keeps items' positions in a property named by the caller, so one item can sit in
 * two heaps at once.
 */
export class IndexedHeap<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly less: (a: T, b: T) => boolean,
    private readonly getIndex: (item: T) => number,
    private readonly setIndex: (item: T, index: number) => void,
  ) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  has(item: T): boolean {
    const i = this.getIndex(item);
    return i >= 0 && i < this.items.length && this.items[i] === item;
  }

  push(item: T): void {
    const i = this.items.length;
    this.items.push(item);
    this.setIndex(item, i);
    this.up(i);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  /** Removes `item` if present; O(log n). */
  remove(item: T): boolean {
    if (!this.has(item)) return false;
    this.removeAt(this.getIndex(item));
    return true;
  }

  /** Restores order after `item`'s key changed (or inserts it). */
  update(item: T): void {
    if (!this.has(item)) {
      this.push(item);
      return;
    }
    const i = this.getIndex(item);
    this.up(i);
    this.down(this.getIndex(item));
  }

  clear(): void {
    for (const item of this.items) this.setIndex(item, -1);
    this.items.length = 0;
  }

  /** Items in no particular order (for inspection). */
  values(): readonly T[] {
    return this.items;
  }

  private removeAt(i: number): void {
    const items = this.items;
    const removed = items[i];
    const last = items.pop() as T;
    this.setIndex(removed, -1);
    if (i < items.length) {
      items[i] = last;
      this.setIndex(last, i);
      this.up(i);
      this.down(this.getIndex(last));
    }
  }

  private up(i: number): void {
    const items = this.items;
    const item = items[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(item, items[parent])) break;
      items[i] = items[parent];
      this.setIndex(items[i], i);
      i = parent;
    }
    items[i] = item;
    this.setIndex(item, i);
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.less(items[r], items[l]) ? r : l;
      if (!this.less(items[child], item)) break;
      items[i] = items[child];
      this.setIndex(items[i], i);
      i = child;
    }
    items[i] = item;
    this.setIndex(item, i);
  }
}

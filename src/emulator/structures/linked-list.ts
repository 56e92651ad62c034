/** A node that an intrusive {@link LinkedList} can hold (one list at a time). */
export interface ListNode<T> {
  prev: T | undefined;
  next: T | undefined;
}

/**
 * An intrusive doubly linked list: O(1) push, shift and removal from the middle, with no
 * allocation per operation. A message sits in at most one list (its queue's visible list, or its
 * FIFO group), so the links live on the message itself, and a node is in a list when it has a
 * predecessor or is the head: no back-pointer to the list (8 bytes a message) is needed.
 */
export class LinkedList<T extends ListNode<T>> {
  head: T | undefined;
  tail: T | undefined;
  size = 0;

  push(node: T): void {
    node.next = undefined;
    node.prev = this.tail;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.size++;
  }

  /** Inserts `node` before `before` (or at the end when `before` is undefined). */
  insertBefore(node: T, before: T | undefined): void {
    if (!before) return this.push(node);
    node.next = before;
    node.prev = before.prev;
    if (before.prev) before.prev.next = node;
    else this.head = node;
    before.prev = node;
    this.size++;
  }

  shift(): T | undefined {
    const node = this.head;
    if (node) this.remove(node);
    return node;
  }

  /** Whether `node` is in this list (given that it is in at most one list). */
  has(node: T): boolean {
    return node.prev !== undefined || this.head === node;
  }

  remove(node: T): void {
    if (!this.has(node)) return;
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = undefined;
    this.size--;
  }

  clear(): void {
    let n = this.head;
    while (n) {
      const next: T | undefined = n.next;
      n.prev = n.next = undefined;
      n = next;
    }
    this.head = this.tail = undefined;
    this.size = 0;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let n = this.head; n; n = n.next) yield n;
  }
}

const CHUNK_BITS = 12;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

interface Chunk<T> {
  readonly slots: (T | undefined)[];
  live: number;
}

/**
 * Items keyed by an increasing integer (a queue's message sequence numbers), in chunks of 4096
 * slots: O(1) get, set and delete with no hashing, 8 bytes a slot, and iteration in key order.
 * A chunk is dropped once all its items are gone, so memory follows the live keys; keys are
 * expected to be issued in increasing order and to die roughly in that order.
 */
export class SequenceIndex<T> {
  private chunks: (Chunk<T> | undefined)[] = [];
  /** Chunk number of `chunks[0]`. */
  private base = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: number): T | undefined {
    const c = this.chunks[(key >>> CHUNK_BITS) - this.base];
    return c?.slots[key & CHUNK_MASK];
  }

  set(key: number, value: T): void {
    let n = (key >>> CHUNK_BITS) - this.base;
    if (n < 0) {
      // The live range emptied out past this key's chunk: extend it downwards again.
      this.chunks.unshift(...new Array<Chunk<T> | undefined>(-n).fill(undefined));
      this.base += n;
      n = 0;
    }
    let c = this.chunks[n];
    if (!c) {
      while (this.chunks.length < n) this.chunks.push(undefined);
      c = { slots: new Array<T | undefined>(CHUNK_SIZE).fill(undefined), live: 0 };
      this.chunks[n] = c;
    }
    if (c.slots[key & CHUNK_MASK] === undefined) {
      c.live++;
      this.count++;
    }
    c.slots[key & CHUNK_MASK] = value;
  }

  delete(key: number): boolean {
    const n = (key >>> CHUNK_BITS) - this.base;
    const c = this.chunks[n];
    if (!c || c.slots[key & CHUNK_MASK] === undefined) return false;
    c.slots[key & CHUNK_MASK] = undefined;
    c.live--;
    this.count--;
    if (c.live === 0) {
      this.chunks[n] = undefined;
      // Drop empty chunks at the front so the array tracks the live range.
      let drop = 0;
      while (drop < this.chunks.length && this.chunks[drop] === undefined) drop++;
      if (drop > 0) {
        this.chunks.splice(0, drop);
        this.base += drop;
      }
    }
    return true;
  }

  clear(): void {
    this.chunks = [];
    this.count = 0;
  }

  /** Live items in key order. */
  *values(): IterableIterator<T> {
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      if (!c) continue;
      for (let j = 0; j < CHUNK_SIZE; j++) {
        const v = c.slots[j];
        if (v !== undefined) yield v;
      }
    }
  }
}

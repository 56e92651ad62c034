import { IndexedHeap } from '../../src/emulator/structures/indexed-heap';

interface Item {
  key: number;
  slot: number;
}

function heap(): IndexedHeap<Item> {
  return new IndexedHeap<Item>(
    (a, b) => a.key < b.key,
    (i) => i.slot,
    (i, s) => (i.slot = s),
  );
}

const item = (key: number): Item => ({ key, slot: -1 });

describe('IndexedHeap', () => {
  it('pops items in key order', () => {
    const h = heap();
    [5, 1, 4, 2, 3].forEach((k) => h.push(item(k)));
    const out: number[] = [];
    for (let i = h.pop(); i; i = h.pop()) out.push(i.key);
    expect(out).toEqual([1, 2, 3, 4, 5]);
  });

  it('removes an item from the middle and keeps order', () => {
    const h = heap();
    const items = [7, 3, 9, 1, 5, 8].map(item);
    items.forEach((i) => h.push(i));
    expect(h.remove(items[2])).toBe(true);
    expect(h.remove(items[2])).toBe(false);
    expect(items[2].slot).toBe(-1);
    const out: number[] = [];
    for (let i = h.pop(); i; i = h.pop()) out.push(i.key);
    expect(out).toEqual([1, 3, 5, 7, 8]);
  });

  it('re-sorts an item whose key changed', () => {
    const h = heap();
    const a = item(1);
    const b = item(2);
    h.push(a);
    h.push(b);
    a.key = 10;
    h.update(a);
    expect(h.peek()).toBe(b);
  });

  it('inserts on update when the item is not in the heap', () => {
    const h = heap();
    const a = item(3);
    h.update(a);
    expect(h.size).toBe(1);
    expect(h.has(a)).toBe(true);
  });

  it('stays ordered through a random mix of operations', () => {
    const h = heap();
    const live = new Set<Item>();
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 5000; step++) {
      const r = rand();
      if (r < 0.5 || live.size === 0) {
        const i = item(Math.floor(rand() * 1000));
        h.push(i);
        live.add(i);
      } else if (r < 0.75) {
        const victim = [...live][Math.floor(rand() * live.size)];
        h.remove(victim);
        live.delete(victim);
      } else {
        const top = h.pop() as Item;
        expect(Math.min(...[...live].map((i) => i.key))).toBe(top.key);
        live.delete(top);
      }
    }
    expect(h.size).toBe(live.size);
  });
});

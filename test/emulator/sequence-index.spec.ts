import { SequenceIndex } from '../../src/emulator/structures/sequence-index';

describe('SequenceIndex', () => {
  it('gets, sets and deletes by key', () => {
    const index = new SequenceIndex<string>();
    index.set(1, 'a');
    index.set(5000, 'b');
    expect(index.get(1)).toBe('a');
    expect(index.get(5000)).toBe('b');
    expect(index.get(2)).toBeUndefined();
    expect(index.size).toBe(2);
    expect(index.delete(1)).toBe(true);
    expect(index.delete(1)).toBe(false);
    expect(index.size).toBe(1);
  });

  it('iterates live items in key order across chunks', () => {
    const index = new SequenceIndex<number>();
    for (let k = 1; k <= 10_000; k++) index.set(k, k);
    for (let k = 1; k <= 10_000; k += 2) index.delete(k);
    const seen = [...index.values()];
    expect(seen).toHaveLength(5000);
    expect(seen[0]).toBe(2);
    expect(seen[4999]).toBe(10_000);
    expect(seen.every((v, i) => i === 0 || v > seen[i - 1])).toBe(true);
  });

  it('keeps working after the front chunks empty out and are dropped', () => {
    const index = new SequenceIndex<number>();
    for (let k = 1; k <= 20_000; k++) index.set(k, k);
    for (let k = 1; k <= 15_000; k++) index.delete(k);
    expect(index.get(15_000)).toBeUndefined();
    expect(index.get(15_001)).toBe(15_001);
    for (let k = 20_001; k <= 25_000; k++) index.set(k, k);
    expect(index.size).toBe(10_000);
    expect([...index.values()][0]).toBe(15_001);
  });
});

describe('SequenceIndex after it empties', () => {
  it('accepts the next key when every earlier chunk was dropped', () => {
    const index = new SequenceIndex<number>();
    index.set(1, 1);
    index.delete(1);
    index.set(5000, 5000);
    index.delete(5000);
    index.set(2, 2);
    expect(index.get(2)).toBe(2);
    expect([...index.values()]).toEqual([2]);
  });
});

import { splitIntoBatches } from '../../src/producer/batch-splitter';

describe('splitIntoBatches', () => {
  const indices = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('splits by 10 entries', () => {
    expect(splitIntoBatches(new Array(23).fill(1), indices(23)).map((c) => c.length)).toEqual([
      10, 10, 3,
    ]);
  });

  it('starts a new batch before the byte limit would be passed', () => {
    expect(splitIntoBatches([400, 400, 400, 100], indices(4), 10, 1000)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('keeps an entry at exactly the byte limit in the batch', () => {
    expect(splitIntoBatches([500, 500, 1], indices(3), 10, 1000)).toEqual([[0, 1], [2]]);
  });

  it('gives an oversized entry a batch of its own', () => {
    expect(splitIntoBatches([10, 2000, 10], indices(3), 10, 1000)).toEqual([[0], [1], [2]]);
  });

  it('keeps input order and skips indices not given', () => {
    expect(splitIntoBatches([1, 1, 1, 1], [0, 2, 3], 2, 1000)).toEqual([[0, 2], [3]]);
  });
});

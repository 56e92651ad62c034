import { LinkedList, type ListNode } from '../../src/emulator/structures/linked-list';

class Node implements ListNode<Node> {
  prev: Node | undefined;
  next: Node | undefined;
  list: object | undefined;
  constructor(readonly value: number) {}
}

const values = (l: LinkedList<Node>) => [...l].map((n) => n.value);

describe('LinkedList', () => {
  it('keeps insertion order and shifts from the head', () => {
    const l = new LinkedList<Node>();
    [1, 2, 3].forEach((v) => l.push(new Node(v)));
    expect(l.shift()?.value).toBe(1);
    expect(values(l)).toEqual([2, 3]);
    expect(l.size).toBe(2);
  });

  it('removes a node from the middle in O(1)', () => {
    const l = new LinkedList<Node>();
    const nodes = [1, 2, 3].map((v) => new Node(v));
    nodes.forEach((n) => l.push(n));
    l.remove(nodes[1]);
    expect(values(l)).toEqual([1, 3]);
    expect(nodes[1].list).toBeUndefined();
  });

  it('ignores removal of a node that belongs to another list', () => {
    const a = new LinkedList<Node>();
    const b = new LinkedList<Node>();
    const n = new Node(1);
    a.push(n);
    b.remove(n);
    expect(a.size).toBe(1);
    expect(b.size).toBe(0);
  });

  it('inserts before a given node', () => {
    const l = new LinkedList<Node>();
    const three = new Node(3);
    l.push(new Node(1));
    l.push(three);
    l.insertBefore(new Node(2), three);
    expect(values(l)).toEqual([1, 2, 3]);
  });
});

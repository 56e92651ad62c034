import { paginate } from '../../src/emulator/actions/pagination';

describe('paginate (ListQueues, ListDeadLetterSourceQueues)', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];

  it('returns every name and no NextToken when MaxResults is not set', () => {
    expect(paginate(names, undefined, undefined)).toEqual({ items: names });
  });

  it('pages through with MaxResults and NextToken, with no token on the last page', () => {
    const first = paginate(names, 2, undefined);
    expect(first.items).toEqual(['a', 'b']);
    const second = paginate(names, 2, first.nextToken);
    expect(second.items).toEqual(['c', 'd']);
    const last = paginate(names, 2, second.nextToken);
    expect(last).toEqual({ items: ['e'] });
  });

  it('continues after the last name returned even when names changed between pages', () => {
    const first = paginate(names, 2, undefined);
    expect(paginate(['a', 'c', 'd'], 2, first.nextToken).items).toEqual(['c', 'd']);
  });

  it('rejects a token it did not issue', () => {
    expect(() => paginate(names, 2, 'nonsense')).toThrow(
      'Value nonsense for parameter NextToken is invalid. Reason: Invalid NextToken value.',
    );
  });
});

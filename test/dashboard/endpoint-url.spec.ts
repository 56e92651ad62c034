import { endpointUrl } from '../../src/dashboard/sources/endpoint-url';

describe('endpoint URL of an SDK endpoint setting', () => {
  it.each([
    ['a string', 'http://127.0.0.1:9324', 'http://127.0.0.1:9324'],
    ['a URL', new URL('http://localhost:9324'), 'http://localhost:9324/'],
    ['an EndpointV2', { url: new URL('http://sqs.local:9324') }, 'http://sqs.local:9324/'],
    [
      'a resolved endpoint',
      { protocol: 'http:', hostname: 'localhost', port: 9324, path: '/' },
      'http://localhost:9324/',
    ],
  ])('reads %s', async (_name, value, expected) => {
    expect(await endpointUrl(value)).toBe(expected);
  });

  it('calls a provider function', async () => {
    expect(await endpointUrl(async () => ({ hostname: 'h', protocol: 'https:' }))).toBe(
      'https://h',
    );
  });

  it('gives undefined when there is no endpoint setting', async () => {
    expect(await endpointUrl(undefined)).toBeUndefined();
  });
});

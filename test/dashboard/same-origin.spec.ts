import type { IncomingMessage } from 'node:http';
import { isAllowedHost } from '../../src/dashboard/http/allowed-hosts';
import { isJsonRequest, isSameOrigin } from '../../src/dashboard/http/same-origin';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('same-origin check of dashboard actions', () => {
  it('accepts an Origin that names the requested host', () => {
    expect(
      isSameOrigin(request({ host: 'app.local:3000', origin: 'http://app.local:3000' }), []),
    ).toBe(true);
  });

  it('refuses an Origin of another host', () => {
    expect(
      isSameOrigin(request({ host: 'app.local:3000', origin: 'http://evil.example' }), []),
    ).toBe(false);
  });

  it('refuses an Origin on another port of the same host', () => {
    expect(
      isSameOrigin(request({ host: 'app.local:3000', origin: 'http://app.local:4000' }), []),
    ).toBe(false);
  });

  it('refuses the opaque origin "null" of sandboxed frames', () => {
    expect(isSameOrigin(request({ host: 'app.local', origin: 'null' }), [])).toBe(false);
  });

  it('accepts an allowed origin whatever the Host header says', () => {
    const req = request({ host: '10.0.0.5:3000', origin: 'https://admin.example.com' });
    expect(isSameOrigin(req, ['https://admin.example.com'])).toBe(true);
  });

  it('refuses a request without Origin that the browser marks cross-site', () => {
    expect(isSameOrigin(request({ host: 'app.local', 'sec-fetch-site': 'cross-site' }), [])).toBe(
      false,
    );
  });

  it('accepts a request from outside a browser (neither Origin nor Sec-Fetch-Site)', () => {
    expect(isSameOrigin(request({ host: 'app.local' }), [])).toBe(true);
  });

  it('recognises a JSON content type with parameters', () => {
    expect(isJsonRequest(request({ 'content-type': 'application/json; charset=utf-8' }))).toBe(
      true,
    );
    expect(isJsonRequest(request({ 'content-type': 'text/plain' }))).toBe(false);
  });
});

describe('allowed hosts of the dashboard', () => {
  const loopback = ['localhost', '127.0.0.1', '[::1]'];

  it.each(['localhost:9324', '127.0.0.1:9324', '[::1]:9324', 'app.localhost:9324'])(
    'answers to %s',
    (host) => {
      expect(isAllowedHost(request({ host }), loopback)).toBe(true);
    },
  );

  it('does not answer to a name that merely resolves to loopback', () => {
    expect(isAllowedHost(request({ host: 'attacker.example:9324' }), loopback)).toBe(false);
  });
});

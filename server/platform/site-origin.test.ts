import { afterEach, describe, expect, it } from 'vitest';
import { configuredOrigin, isOwnOrigin, publicOrigin, requestOrigin } from './site-origin';

// Next builds request.url from the address it listens on, whatever the browser used.
const request = (headers: Record<string, string>) => new Request('http://localhost:3000/api/attempts', { headers });
const previous = process.env.NEXTAUTH_URL;
afterEach(() => {
  if (previous === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = previous;
});

describe('the site’s own address', () => {
  it('is the address the browser used, from the Host header, not Next’s request.url', () => {
    expect(requestOrigin(request({ host: '127.0.0.1:3000' }), 0)).toBe('http://127.0.0.1:3000');
    expect(requestOrigin(request({ host: '192.168.1.20:3000' }), 0)).toBe('http://192.168.1.20:3000');
    expect(requestOrigin(request({}), 0)).toBeNull();
  });

  it('believes X-Forwarded-Host and -Proto only with a trusted proxy in front', () => {
    const forwarded = request({ host: 'app:3000', 'x-forwarded-host': 'train.example.com, proxy.internal', 'x-forwarded-proto': 'https' });
    expect(requestOrigin(forwarded, 0)).toBe('http://app:3000');
    expect(requestOrigin(forwarded, 1)).toBe('https://train.example.com');
  });

  it('accepts an Origin only when scheme, host and port all match the request’s or the configured address', () => {
    delete process.env.NEXTAUTH_URL;
    const at = request({ host: '127.0.0.1:3000' });
    expect(isOwnOrigin('http://127.0.0.1:3000', at, 0)).toBe(true);
    expect(isOwnOrigin('https://127.0.0.1:3000', at, 0)).toBe(false);
    expect(isOwnOrigin('http://127.0.0.1:3001', at, 0)).toBe(false);
    expect(isOwnOrigin('http://evil.example', at, 0)).toBe(false);
    expect(isOwnOrigin('null', at, 0)).toBe(false);
    expect(isOwnOrigin(null, at, 0)).toBe(false);
    // Behind a TLS proxy not declared as trusted, the browser's origin is the configured https one.
    process.env.NEXTAUTH_URL = 'https://train.example.com';
    expect(isOwnOrigin('https://train.example.com', request({ host: 'app:3000' }), 0)).toBe(true);
  });

  it('uses the configured address for links that leave the site, else the one the browser used', () => {
    process.env.NEXTAUTH_URL = 'https://train.example.com/';
    expect(configuredOrigin()).toBe('https://train.example.com');
    expect(publicOrigin(request({ host: '127.0.0.1:3000' }))).toBe('https://train.example.com');
    delete process.env.NEXTAUTH_URL;
    expect(publicOrigin(request({ host: '127.0.0.1:3000' }))).toBe('http://127.0.0.1:3000');
  });
});

import { describe, expect, it } from 'vitest';
import { settingsFromEnv } from './settings';
import { isOwnOrigin, publicOrigin, requestOrigin } from './site-origin';

// Next builds request.url from the address it listens on, whatever the browser used.
const request = (headers: Record<string, string>) => new Request('http://localhost:3000/api/attempts', { headers });

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
    const unconfigured = { trustedProxies: 0, siteOrigin: null };
    const at = request({ host: '127.0.0.1:3000' });
    expect(isOwnOrigin('http://127.0.0.1:3000', at, unconfigured)).toBe(true);
    expect(isOwnOrigin('https://127.0.0.1:3000', at, unconfigured)).toBe(false);
    expect(isOwnOrigin('http://127.0.0.1:3001', at, unconfigured)).toBe(false);
    expect(isOwnOrigin('http://evil.example', at, unconfigured)).toBe(false);
    expect(isOwnOrigin('null', at, unconfigured)).toBe(false);
    expect(isOwnOrigin(null, at, unconfigured)).toBe(false);
    // Behind a TLS proxy not declared as trusted, the browser's origin is the configured https one.
    const configured = { trustedProxies: 0, siteOrigin: 'https://train.example.com' };
    expect(isOwnOrigin('https://train.example.com', request({ host: 'app:3000' }), configured)).toBe(true);
    expect(isOwnOrigin('https://train.example.com', request({ host: 'app:3000' }), unconfigured)).toBe(false);
  });

  it('uses the configured address for links that leave the site, else the one the browser used, else the local one', () => {
    const at = request({ host: '127.0.0.1:3000' });
    expect(publicOrigin(at, { trustedProxies: 0, siteOrigin: 'https://train.example.com', port: 3000 })).toBe('https://train.example.com');
    expect(publicOrigin(undefined, { trustedProxies: 0, siteOrigin: 'https://train.example.com', port: 3000 })).toBe('https://train.example.com');
    expect(publicOrigin(at, { trustedProxies: 0, siteOrigin: null, port: 4000 })).toBe('http://127.0.0.1:3000');
    expect(publicOrigin(undefined, { trustedProxies: 0, siteOrigin: null, port: 4000 })).toBe('http://localhost:4000');
  });

  it('is read from NEXTAUTH_URL once, as an origin, and a malformed one stops the start', () => {
    expect(settingsFromEnv({ NEXTAUTH_URL: 'https://train.example.com/some/path/' }).siteOrigin).toBe('https://train.example.com');
    expect(settingsFromEnv({ NEXTAUTH_URL: 'http://localhost:4000' }).siteOrigin).toBe('http://localhost:4000');
    expect(settingsFromEnv({}).siteOrigin).toBeNull();
    expect(() => settingsFromEnv({ NEXTAUTH_URL: 'train.example.com' })).toThrow(
      'NEXTAUTH_URL must be the site\'s address, such as https://training.example.com, not "train.example.com"',
    );
    expect(() => settingsFromEnv({ NEXTAUTH_URL: 'ftp://train.example.com' })).toThrow('NEXTAUTH_URL must be an http or https address');
  });
});

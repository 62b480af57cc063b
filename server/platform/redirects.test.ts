import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './redirects';

describe('the page to return to after sign-in', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeReturnPath('/scenarios?channel=email#top')).toBe('/scenarios?channel=email#top');
    expect(safeReturnPath(['/hr', '/admin'])).toBe('/hr');
  });

  it('never leads to another origin, however the address is disguised', () => {
    for (const from of [
      'https://evil.example/',
      '//evil.example/phish',
      '/\\evil.example/phish',
      '/\t/evil.example/phish',
      '/\n/evil.example/phish',
      '/\r\n/evil.example',
      '\\\\evil.example',
      '/.//evil.example',
      '/%2e//evil.example',
      'javascript:alert(1)',
      ' /scenarios',
    ]) {
      const path = safeReturnPath(from);
      expect(new URL(path, 'http://frontline.test').origin, JSON.stringify(from)).toBe('http://frontline.test');
      expect(path.startsWith('//'), JSON.stringify(from)).toBe(false);
    }
  });

  it('returns encoded characters encoded, so a redirect header never carries a raw line break or a dot lookalike as a host', () => {
    expect(safeReturnPath('/%0a/x')).toBe('/%0a/x');
    expect(safeReturnPath('/%E3%80%82/x')).toBe('/%E3%80%82/x');
    expect(safeReturnPath('/a b/ü')).toBe('/a%20b/%C3%BC');
    expect(safeReturnPath('/x\u0000y')).toMatch(/^\/x/);
    expect(safeReturnPath(undefined)).toBe('/');
    expect(safeReturnPath('')).toBe('/');
  });
});

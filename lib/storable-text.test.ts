import { describe, expect, it } from 'vitest';
import { findUnstorableInAddress, findUnstorableText, isStorableText } from './storable-text';

describe('text the database can store', () => {
  it('refuses a NUL and a lone surrogate, and accepts every real character', () => {
    expect(isStorableText('Zoë 😀 日本 \t\n')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\uD83D')).toBe(false);
    expect(isStorableText('x\uDE00')).toBe(false);
    expect(isStorableText('\uD83D\uDE00')).toBe(true);
  });

  it('names where in a body the bad text is, key or value', () => {
    expect(findUnstorableText({ name: 'Ann', people: [{ email: 'a@b.c' }, { email: 'x\u0000@b.c' }] })).toEqual({
      path: 'people.1.email',
      reason: 'has a NUL character at position 2',
    });
    expect(findUnstorableText({ ['k\uD800']: 1 })).toMatchObject({ path: 'k\uD800', reason: expect.stringMatching(/^its name has half of a character/) });
    expect(findUnstorableText('\u0000')).toMatchObject({ path: 'body' });
    expect(findUnstorableText({ n: 10_000, ok: ['fine'] })).toBeNull();
  });

  it('finds it in an address: the path, a query value, a key, or an escape that is not UTF-8', () => {
    expect(findUnstorableInAddress(new URL('http://x/hr?team=A%00B'))).toEqual({ path: 'the query parameter "team"', reason: 'has a NUL character at position 2' });
    expect(findUnstorableInAddress(new URL('http://x/hr?%00=1'))).toMatchObject({ path: 'the query parameter "?"' });
    expect(findUnstorableInAddress(new URL('http://x/author/a%00b'))).toMatchObject({ path: 'the address' });
    expect(findUnstorableInAddress(new URL('http://x/author/%ED%A0%80'))).toMatchObject({ path: 'the address', reason: 'has a %-escape that is not UTF-8' });
    expect(findUnstorableInAddress(new URL('http://x/hr?team=%ED%A0%80'))).toEqual({ path: 'the query parameter "team"', reason: 'has a %-escape that is not UTF-8' });
    expect(findUnstorableInAddress(new URL('http://x/scenarios?q=caf%C3%A9&channel=email&q=a+b'))).toBeNull();
  });
});

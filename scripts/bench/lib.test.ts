import { describe, expect, it } from 'vitest';
import { cookieHeader, figureOf, judge, keepCookies, median, percentile } from './lib';

describe('benchmark statistics', () => {
  it('take the median and the nearest-rank percentile of sorted samples', () => {
    expect(median([1, 2, 3])).toBe(2);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile([5, 6, 7, 8, 9, 10, 11], 95)).toBe(11);
    expect(percentile([4], 95)).toBe(4);
    expect(median([])).toBeNaN();
  });

  it('hold the median (or p95) to a target, and a figure without one to nothing', () => {
    const target = { op: '<=' as const, value: 100, on: 'median' as const };
    expect(judge(target, { median: 100, p95: 150 })).toBe(true);
    expect(judge(target, { median: 100.1, p95: 150 })).toBe(false);
    expect(judge({ ...target, on: 'p95' }, { median: 10, p95: 150 })).toBe(false);
    expect(judge({ op: '>=', value: 5, on: 'median' }, { median: 6, p95: null })).toBe(true);
    expect(judge(null, { median: 1, p95: 1 })).toBeNull();
    expect(judge(target, { median: NaN, p95: null })).toBe(false);
    const figure = figureOf({ benchmark: 'b', backend: 'pglite', name: 'q', unit: 'ms', target }, [1, 2, 3, 4, 200]);
    expect(figure).toMatchObject({ median: 3, p95: 200, runs: 5, pass: true });
  });
});

describe('the cookies a benchmark signs in with', () => {
  it('keep the name and value of each Set-Cookie header, a later one replacing an earlier one of the same name', () => {
    const jar = keepCookies(new Map(), ['next-auth.csrf-token=abc%7Cdef; Path=/; HttpOnly; SameSite=Lax', 'next-auth.callback-url=http%3A%2F%2Flocalhost; Path=/']);
    keepCookies(jar, ['next-auth.session-token=eyJ.a=b.c; Path=/; Expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly', 'next-auth.callback-url=%2Fauthor; Path=/', 'malformed']);
    expect([...jar]).toEqual([
      ['next-auth.csrf-token', 'abc%7Cdef'],
      ['next-auth.callback-url', '%2Fauthor'],
      ['next-auth.session-token', 'eyJ.a=b.c'],
    ]);
    expect(cookieHeader(jar)).toBe('next-auth.csrf-token=abc%7Cdef; next-auth.callback-url=%2Fauthor; next-auth.session-token=eyJ.a=b.c');
    expect(cookieHeader(new Map())).toBe('');
  });
});

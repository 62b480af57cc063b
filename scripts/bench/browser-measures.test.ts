import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { commonAncestor, gzipSize, isJavaScript, planPaths, weighScripts, type LoadedFile } from './browser-measures';

const file = (url: string, body: string, more: Partial<LoadedFile> = {}): LoadedFile => ({
  url,
  resourceType: 'script',
  contentType: 'application/javascript; charset=UTF-8',
  status: 200,
  body: Buffer.from(body),
  ...more,
});

describe('weighing the scripts a page loaded', () => {
  it('counts what was loaded as a script or served as JavaScript, answered in full', () => {
    expect(isJavaScript({ resourceType: 'script', contentType: '', status: 200 })).toBe(true);
    expect(isJavaScript({ resourceType: 'fetch', contentType: 'text/javascript', status: 200 })).toBe(true);
    expect(isJavaScript({ resourceType: 'other', contentType: 'application/ecmascript', status: 200 })).toBe(true);
    expect(isJavaScript({ resourceType: 'document', contentType: 'text/html; charset=utf-8', status: 200 })).toBe(false);
    expect(isJavaScript({ resourceType: 'stylesheet', contentType: 'text/css', status: 200 })).toBe(false);
    expect(isJavaScript({ resourceType: 'fetch', contentType: 'text/x-component', status: 200 })).toBe(false);
    expect(isJavaScript({ resourceType: 'script', contentType: 'application/javascript', status: 304 })).toBe(false);
  });

  it('gzips each body at the default level, text or bytes alike', () => {
    const body = 'function hello(){return "hello"}\n'.repeat(200);
    expect(gunzipSync(gzipSync(body)).toString()).toBe(body);
    expect(gzipSize(body)).toBe(gzipSync(body, { level: 6 }).length);
    expect(gzipSize(body)).toBeLessThan(body.length / 10);
    expect(gzipSize(body)).toBe(gzipSize(Buffer.from(body)));
  });

  it('sums the bytes and gzip bytes of each script once, largest first, and those with a marker apart', () => {
    const big = 'var a = Math.random();'.repeat(500) + 'react-flow__node';
    const small = 'console.log(1)';
    const weight = weighScripts(
      [
        file('http://x/_next/static/chunks/small.js', small),
        file('http://x/page', '<html></html>', { resourceType: 'document', contentType: 'text/html' }),
        file('http://x/_next/static/chunks/big.js', big),
        file('http://x/_next/static/chunks/small.js', small),
        file('http://x/style.css', 'body{}', { resourceType: 'stylesheet', contentType: 'text/css' }),
      ],
      ['react-flow__', 'network-simplex'],
    );
    expect(weight.scripts.map((s) => s.url)).toEqual(['http://x/_next/static/chunks/big.js', 'http://x/_next/static/chunks/small.js']);
    expect(weight.files).toBe(2);
    expect(weight.bytes).toBe(big.length + small.length);
    expect(weight.gzipBytes).toBe(gzipSize(big) + gzipSize(small));
    expect(weight.scripts[0]!.markers).toEqual(['react-flow__']);
    expect(weight.scripts[1]!.markers).toEqual([]);
    expect(weight.markedGzipBytes).toBe(gzipSize(big));
  });

  it('weighs nothing when the page loaded no script', () => {
    expect(weighScripts([])).toEqual({ files: 0, bytes: 0, gzipBytes: 0, markedGzipBytes: 0, scripts: [] });
  });
});

describe('choosing the paths to play', () => {
  const scenarios = [
    { id: 'a', paths: [{ events: ['1', '2', '3'] }, { events: ['4'] }] },
    { id: 'b', paths: [{ events: ['x', 'y'] }] },
  ];

  it('takes each scenario in turn until enough choices are planned', () => {
    expect(planPaths(scenarios, 4).map((p) => [p.id, p.path.events.length])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect(planPaths(scenarios, 3).map((p) => p.id)).toEqual(['a']);
  });

  it('plays a scenario again from its next path, starting over when its paths run out', () => {
    expect(planPaths(scenarios, 9).map((p) => [p.id, p.path.events.join('')])).toEqual([
      ['a', '123'],
      ['b', 'xy'],
      ['a', '4'],
      ['b', 'xy'],
      ['a', '123'],
    ]);
  });

  it('refuses when nothing can be played', () => {
    expect(() => planPaths([{ id: 'a', paths: [] }], 1)).toThrow(/no path/);
    expect(planPaths(scenarios, 0)).toEqual([]);
  });
});

describe('the directory holding two paths', () => {
  it('is the deepest one they share', () => {
    expect(commonAncestor('/tmp/bench-x', '/work/main/node_modules')).toBe('/');
    expect(commonAncestor('/work/main/tmp/x', '/work/main/node_modules')).toBe('/work/main');
    expect(commonAncestor('/work/main', '/work/main')).toBe('/work/main');
    expect(commonAncestor('/work/mainly', '/work/main')).toBe('/work');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAppRoutes, patternMatches, readMatrix } from './security-matrix';

const matrix = readMatrix();
const routes = listAppRoutes();

describe('the permission matrix in docs/security.md', () => {
  it('has a row for every page and route handler method in app/', () => {
    const missing = routes.filter((r) => !matrix.some((row) => row.method === r.method && patternMatches(r.pattern, row.route)));
    expect(missing.map((r) => `${r.method} ${r.pattern} (${r.file})`)).toEqual([]);
  });

  it('names no route that does not exist', () => {
    const stale = matrix.filter((row) => !routes.some((r) => r.method === row.method && patternMatches(r.pattern, row.route)));
    expect(stale.map((row) => `docs/security.md:${row.line} ${row.method} ${row.route}`)).toEqual([]);
  });

  it('matches concrete paths to route patterns segment by segment', () => {
    expect(patternMatches('/attempts/[attemptId]', '/attempts/{trainee-debrief}')).toBe(true);
    expect(patternMatches('/attempts/[attemptId]', '/attempts/x/choices')).toBe(false);
    expect(patternMatches('/api/auth/[...nextauth]', '/api/auth/callback/credentials')).toBe(true);
    expect(patternMatches('/api/auth/[...nextauth]', '/api/auth')).toBe(false);
    expect(patternMatches('/', '/')).toBe(true);
  });

  it('refuses a cell it does not understand, naming the line', () => {
    const doc = '| GET | `/x` | login | yes | ✓ | ✓ | ✓ | requireUser |';
    expect(() => readMatrix(doc)).toThrow('docs/security.md:1, trainee: "yes" is not one of ✓, login, 401, 403, 404');
  });

  it('refuses a foreign or missing Origin in every route handler that changes state', () => {
    // next-auth's own POSTs are guarded by its CSRF token instead.
    const unchecked = routes.filter((r) => r.method !== 'GET' && !r.file.includes('[...nextauth]') && !/\bassertSameOrigin\(request\)/.test(readFileSync(r.file, 'utf8')));
    expect(unchecked.map((r) => `${r.method} ${r.file}`)).toEqual([]);
  });

  it('answers 401, 403 and 404 with their status: no page that checks access streams a loading state first', () => {
    // A loading.tsx sends 200 and a shell before the page's access check runs, so a refusal
    // would arrive as a 200 page instead of a 403 or 404.
    const loaders = listFiles(path.join(process.cwd(), 'app')).filter((f) => /[\\/]loading\.(tsx|ts|jsx|js)$/.test(f));
    const guardedPages = routes.filter((r) => r.method === 'GET' && /\b(requireUser|requireRole)\(/.test(readFileSync(r.file, 'utf8')));
    const streamedBeforeCheck = loaders.filter((loader) => guardedPages.some((page) => page.file.startsWith(`${path.dirname(loader)}${path.sep}`)));
    expect(streamedBeforeCheck).toEqual([]);
  });

  it('is enforced by the access layer in every route that is not public', () => {
    const helpers = /\b(requireUser|requireRole|requireApiUser|requireApiRole)\(/;
    const unguarded = routes.filter((r) => {
      const rows = matrix.filter((row) => row.method === r.method && patternMatches(r.pattern, row.route));
      const isPublic = rows.every((row) => row.expect.anonymous === 'allowed');
      return !isPublic && !helpers.test(readFileSync(r.file, 'utf8'));
    });
    expect(unguarded.map((r) => r.file)).toEqual([]);
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [path.relative(process.cwd(), full)];
  });
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeDeclarations, patternParams, type DeclaredRoute } from './route-declarations';
import { listAppRoutes, MATRIX_ROLES, patternMatches, readMatrix, type AppRoute } from './security-matrix';

const matrix = readMatrix();
const routes = listAppRoutes();
const rowsOf = (route: AppRoute) => matrix.filter((row) => row.method === route.method && patternMatches(route.pattern, row.route));

/** Route handlers declare their access, body and same-origin rule on the export (server/platform/route.ts). */
let handlers: DeclaredRoute[];
beforeAll(async () => {
  handlers = await routeDeclarations(routes);
}, 120_000);

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

  it('has every route handler made with the route wrapper, declaring the method it is exported as and the params of its path', () => {
    expect(handlers.length).toBeGreaterThan(25);
    const undeclared = handlers.filter((r) => !r.declaration || r.declaration.method !== r.method);
    expect(undeclared.map((r) => `${r.method} ${r.file}`)).toEqual([]);
    const wrongParams = handlers.filter((r) => [...r.declaration!.params].sort().join() !== patternParams(r.pattern).sort().join());
    expect(wrongParams.map((r) => `${r.method} ${r.file} declares [${r.declaration!.params.join(', ')}]`)).toEqual([]);
  });

  it('refuses a foreign or missing Origin in every route handler that changes state, but the LTI and SCORM entry points an LMS posts', () => {
    // next-auth's own POSTs are guarded by its CSRF token instead, and are not in `handlers`. The
    // LTI login and launch are posted by the LMS's page by design; the launch carries a signed
    // token bound to a state, a nonce and a cookie instead (docs/decisions/036-lti-tool.md). A
    // SCORM package's launcher runs in the LMS's origin: its handshake carries the package key and
    // the learner secret, its button a one-time ticket (docs/decisions/038-scorm-packages.md).
    const unchecked = handlers.filter((r) => r.method !== 'GET' && !r.declaration?.sameOrigin);
    expect(unchecked.map((r) => `${r.method} ${r.pattern}`).sort()).toEqual(['POST /api/lti/launch', 'POST /api/lti/login', 'POST /api/scorm/launch', 'POST /api/scorm/open']);
  });

  it('answers 401, 403 and 404 with their status: no page that checks access streams a loading state first', () => {
    // A loading.tsx sends 200 and a shell before the page's access check runs, so a refusal
    // would arrive as a 200 page instead of a 403 or 404.
    const loaders = listFiles(path.join(process.cwd(), 'app')).filter((f) => /[\\/]loading\.(tsx|ts|jsx|js)$/.test(f));
    const guardedPages = routes.filter((r) => r.method === 'GET' && /\b(requireUser|requireRole)\(/.test(readFileSync(r.file, 'utf8')));
    const streamedBeforeCheck = loaders.filter((loader) => guardedPages.some((page) => page.file.startsWith(`${path.dirname(loader)}${path.sep}`)));
    expect(streamedBeforeCheck).toEqual([]);
  });

  it('is enforced by the access layer in every page that is not public', () => {
    const helpers = /\b(requireUser|requireRole)\(/;
    const pages = routes.filter((r) => !/[\\/]route\.(ts|js)$/.test(r.file));
    const unguarded = pages.filter((r) => !rowsOf(r).every((row) => row.expect.anonymous === 'allowed') && !helpers.test(readFileSync(r.file, 'utf8')));
    expect(unguarded.map((r) => r.file)).toEqual([]);
  });

  it('is declared by every route handler as the matrix has it: public only where anyone may, and the roles it lets through', () => {
    const wrong: string[] = [];
    for (const handler of handlers) {
      const access = handler.declaration?.access;
      const rows = rowsOf(handler);
      const where = `${handler.method} ${handler.pattern} declares ${JSON.stringify(access)}`;
      const isPublic = rows.every((row) => row.expect.anonymous === 'allowed');
      if (isPublic !== (access === 'public')) wrong.push(`${where}, but anonymous is ${isPublic ? 'allowed' : 'refused'} in the matrix`);
      if (!access || access === 'public') continue;
      for (const role of MATRIX_ROLES.filter((r) => r !== 'anonymous')) {
        const declared = access === 'signed-in' || (access as readonly string[]).includes(role);
        // A role allowed in any row passes the declaration; one refused with 403 in every row is refused by it.
        // (A 403 in some rows only is a record rule, such as HR changing trainees but not admins.)
        if (rows.some((row) => row.expect[role] === 'allowed') && !declared) wrong.push(`${where}, but the matrix allows ${role}`);
        if (rows.every((row) => row.expect[role] === 403) && declared) wrong.push(`${where}, but the matrix refuses ${role} with 403`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [path.relative(process.cwd(), full)];
  });
}

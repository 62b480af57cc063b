import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The permission matrix in docs/security.md, read as data: the end-to-end matrix test requests
 * every row as every role, and a unit test checks that every route in app/ has a row.
 */

export const MATRIX_ROLES = ['anonymous', 'trainee', 'trainer', 'hr', 'admin'] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];
export type Expectation = 'allowed' | 'login' | 401 | 403 | 404;

export interface MatrixRow {
  /** Line in docs/security.md, for messages. */
  line: number;
  method: string;
  /** The path as written, with {placeholders}. */
  route: string;
  kind: 'page' | 'api';
  expect: Record<MatrixRole, Expectation>;
  enforcedBy: string;
}

export const SECURITY_DOC = path.join(process.cwd(), 'docs', 'security.md');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function expectation(cell: string, where: string): Expectation {
  if (cell === '✓') return 'allowed';
  if (cell === 'login') return 'login';
  if (cell === '401' || cell === '403' || cell === '404') return Number(cell) as 401 | 403 | 404;
  throw new Error(`${where}: "${cell}" is not one of ✓, login, 401, 403, 404`);
}

export function readMatrix(text = readFileSync(SECURITY_DOC, 'utf8')): MatrixRow[] {
  const rows: MatrixRow[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const cells = raw.split('|').map((c) => c.trim());
    // | Method | Route | anonymous | trainee | trainer | hr | admin | Enforced by |
    if (cells.length !== 10 || !METHODS.includes(cells[1]!)) return;
    const where = `docs/security.md:${index + 1}`;
    const route = cells[2]!.replace(/^`|`$/g, '');
    if (!route.startsWith('/')) throw new Error(`${where}: the route "${route}" must start with /`);
    const expect = Object.fromEntries(MATRIX_ROLES.map((role, i) => [role, expectation(cells[3 + i]!, `${where}, ${role}`)])) as Record<MatrixRole, Expectation>;
    const kind = route.startsWith('/api/') ? 'api' : 'page';
    if (kind === 'api' && Object.values(expect).includes('login')) throw new Error(`${where}: a route handler answers 401, never a sign-in redirect`);
    rows.push({ line: index + 1, method: cells[1]!, route, kind, expect, enforcedBy: cells[9]! });
  });
  return rows;
}

export interface AppRoute {
  file: string;
  method: string;
  /** The route's path with its [segments], e.g. /attempts/[attemptId]. */
  pattern: string;
}

/** Every page and route handler under app/, with the methods each handler exports. */
export function listAppRoutes(appDir = path.join(process.cwd(), 'app')): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      const segments = path
        .relative(appDir, dir)
        .split(path.sep)
        .filter((s) => s && !/^\(.*\)$/.test(s));
      const pattern = `/${segments.join('/')}`;
      const file = path.relative(process.cwd(), full);
      if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) routes.push({ file, method: 'GET', pattern });
      if (/^route\.(ts|js)$/.test(entry.name)) {
        const source = readFileSync(full, 'utf8');
        for (const method of METHODS) {
          if (new RegExp(`export\\s+(async\\s+)?function\\s+${method}\\b|export\\s+const\\s+${method}\\b|as\\s+${method}\\b`).test(source)) {
            routes.push({ file, method, pattern });
          }
        }
      }
    }
  };
  walk(appDir);
  return routes;
}

/** Whether a concrete path (placeholders count as one segment) is served by a route pattern. */
export function patternMatches(pattern: string, route: string): boolean {
  const want = pattern.split('/').filter(Boolean);
  const have = route.split('?')[0]!.split('/').filter(Boolean);
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    if (/^\[\.\.\..+\]$/.test(segment)) return have.length > i;
    if (/^\[\[\.\.\..+\]\]$/.test(segment)) return true;
    if (i >= have.length) return false;
    if (/^\[.+\]$/.test(segment)) continue;
    if (segment !== have[i]) return false;
  }
  return want.length === have.length;
}

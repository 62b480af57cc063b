import path from 'node:path';
import type { RouteDeclaration } from '../server/platform/route';
import { listAppRoutes, type AppRoute } from './security-matrix';

/** next-auth's own handler: it guards its POSTs with its CSRF token and is not made with the route wrapper. */
export const isNextAuth = (route: AppRoute) => route.file.includes('[...nextauth]');

export interface DeclaredRoute extends AppRoute {
  /** What the exported handler declares, or null for an export not made with the route wrapper. */
  declaration: RouteDeclaration | null;
}

/**
 * Every route handler method in app/ (next-auth's aside) with the declaration its export carries,
 * read by importing the route modules as Next does. For tests: the modules import server code.
 */
export async function routeDeclarations(routes = listAppRoutes()): Promise<DeclaredRoute[]> {
  const handlers = routes.filter((r) => /[\\/]route\.(ts|js)$/.test(r.file) && !isNextAuth(r));
  return Promise.all(
    handlers.map(async (r) => {
      const exports = (await import(/* @vite-ignore */ path.resolve(r.file))) as Record<string, { declaration?: RouteDeclaration } | undefined>;
      return { ...r, declaration: exports[r.method]?.declaration ?? null };
    }),
  );
}

/** The dynamic segments of a route pattern, by name: /attempts/[attemptId] → attemptId. */
export const patternParams = (pattern: string): string[] => [...pattern.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]!);

import 'server-only';
import type { z } from 'zod';
import { requireApiRole, requireApiUser } from '../auth/access';
import type { Role, User } from '../db/schema';
import { assertSameOrigin, BODY_LIMIT, handle, handleForm, readBody } from './http';

/**
 * The one wrapper every route handler is made with (docs/decisions/030-one-route-wrapper.md). A
 * route declares who may call it, the params it takes, the body it reads and how large that may
 * be; the wrapper then does, always in this order:
 *
 * 1. refuses a request from another site (403), for every method but GET;
 * 2. checks access: 401 without a session, 403 for a role not declared;
 * 3. awaits the params;
 * 4. runs `find`, when declared: what the request acts on, looked up before the body is read, so a
 *    record out of the actor's reach answers 404 (or 403) whatever the body says;
 * 5. reads and validates the body (413, 400);
 * 6. runs the handler with the actor, the params, the parsed body and what `find` found.
 *
 * Errors are answered by `handle` (JSON), or for a route a plain HTML form posts to (`form: true`)
 * by `handleForm` (a short page). The declaration is kept on the exported handler, where the tests
 * read it (scripts/security-matrix.test.ts, scripts/request-bodies.test.ts).
 */

export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

/** Who may call a route: anyone, anyone signed in, or someone signed in with one of the roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** A route's declaration as the tests read it, with every default filled in. */
export interface RouteDeclaration {
  method: RouteMethod;
  access: Access;
  /** The route's dynamic segments, by name. */
  params: readonly string[];
  /** The schema the body must pass; null for GET, which reads none. */
  body: z.ZodType | null;
  /** The largest body read, in bytes. */
  maxBytes: number;
  /** A missing or foreign Origin is refused: every method but GET, except a route another site posts to by design. */
  sameOrigin: boolean;
  /** Posted by a plain HTML form: a refusal is answered as a short page. */
  form: boolean;
  /** Records are looked up (`find`) before the body is read. */
  findsFirst: boolean;
}

type Actor<A extends Access> = A extends 'public' ? null : User;
type Params<Name extends string> = { [K in Name]: string };

interface Incoming<A extends Access, Name extends string> {
  request: Request;
  params: Params<Name>;
  /** The signed-in user; null on a public route. */
  actor: Actor<A>;
}

/** What a GET handler is given. */
export type ReadContext<A extends Access, Name extends string> = Incoming<A, Name>;

/** What the handler of a state-changing route is given. */
export interface ChangeContext<A extends Access, Name extends string, S extends z.ZodType, F> extends Incoming<A, Name> {
  body: z.output<S>;
  found: F;
}

interface ReadOptions<A extends Access, Name extends string> {
  access: A;
  params?: readonly Name[];
}

interface ChangeOptions<A extends Access, Name extends string, S extends z.ZodType, F> extends ReadOptions<A, Name> {
  /** Every state-changing route reads a body, so that an empty one changes nothing (docs/security.md). */
  body: S;
  /** The largest body read, in bytes; 16 KiB unless given. */
  maxBytes?: number;
  form?: boolean;
  /**
   * Posted to by another site by design, so the Origin check is skipped: only the LTI login and
   * launch, which an LMS posts through the browser and which carry their own proof (a signed token
   * bound to a state and a cookie; decision 036). The security matrix test lists them.
   */
  crossSite?: boolean;
  find?: (context: Incoming<A, Name>) => Promise<F>;
}

/** An exported route handler, as Next calls it, with its declaration. */
export type RouteHandler<Name extends string> = ((request: Request, context: { params: Promise<Params<Name>> }) => Promise<Response>) & {
  readonly declaration: RouteDeclaration;
};

type Answer = Response | Promise<Response>;

async function actorFor(access: Access): Promise<User | null> {
  if (access === 'public') return null;
  if (access === 'signed-in') return requireApiUser();
  return requireApiRole(access);
}

function wrap(
  declaration: RouteDeclaration,
  find: ((context: Incoming<Access, string>) => Promise<unknown>) | undefined,
  handler: (context: ChangeContext<Access, string, z.ZodType, unknown>) => Answer,
): RouteHandler<string> {
  const run = (request: Request, context: { params: Promise<Params<string>> }) => {
    const answer = async () => {
      if (declaration.sameOrigin) assertSameOrigin(request);
      const actor = await actorFor(declaration.access);
      const params = await context.params;
      const found = find ? await find({ request, params, actor }) : undefined;
      const body = declaration.body ? await readBody(request, declaration.body, declaration.maxBytes) : undefined;
      return handler({ request, params, actor, body, found });
    };
    return declaration.form ? handleForm(request, answer) : handle(answer);
  };
  return Object.assign(run, { declaration: Object.freeze(declaration) });
}

function reading() {
  return <const A extends Access, Name extends string = never>(options: ReadOptions<A, Name>, handler: (context: ReadContext<A, Name>) => Answer): RouteHandler<Name> =>
    wrap(
      { method: 'GET', access: options.access, params: options.params ?? [], body: null, maxBytes: 0, sameOrigin: false, form: false, findsFirst: false },
      undefined,
      handler as never,
    ) as RouteHandler<Name>;
}

function changing(method: Exclude<RouteMethod, 'GET'>) {
  return <const A extends Access, S extends z.ZodType, Name extends string = never, F = undefined>(
    options: ChangeOptions<A, Name, S, F>,
    handler: (context: ChangeContext<A, Name, S, F>) => Answer,
  ): RouteHandler<Name> =>
    wrap(
      {
        method,
        access: options.access,
        params: options.params ?? [],
        body: options.body,
        maxBytes: options.maxBytes ?? BODY_LIMIT,
        sameOrigin: !options.crossSite,
        form: options.form ?? false,
        findsFirst: options.find !== undefined,
      },
      options.find as never,
      handler as never,
    ) as RouteHandler<Name>;
}

/** `export const POST = route.post({ access, params, body, find }, handler)`: see above. */
export const route = {
  get: reading(),
  post: changing('POST'),
  put: changing('PUT'),
  patch: changing('PATCH'),
  delete: changing('DELETE'),
};

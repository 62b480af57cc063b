import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { User } from '../db/schema';
import { RecordNotFoundError } from './errors';
import { route } from './route';

// The session is replaced by the test's user; everything else is the wrapper as routes use it.
const session = vi.hoisted(() => ({ user: null as User | null }));
vi.mock('../auth/access', async () => {
  const { HttpError } = await import('./errors');
  const requireApiUser = async () => {
    if (!session.user) throw new HttpError(401, 'unauthenticated', 'Sign in first.');
    return session.user;
  };
  return {
    requireApiUser,
    requireApiRole: async (roles: readonly string[]) => {
      const user = await requireApiUser();
      if (!roles.includes(user.role)) throw new HttpError(403, 'forbidden', 'Your role does not allow this.');
      return user;
    },
  };
});

const trainee = { id: 'u-trainee', role: 'trainee', name: 'Tia' } as User;
const admin = { id: 'u-admin', role: 'admin', name: 'Ada' } as User;
const SITE = 'http://frontline.test';

const post = (body: string, { origin = SITE, type = 'application/json' }: { origin?: string | null; type?: string } = {}) =>
  new Request(`${SITE}/api/things/t1`, {
    method: 'POST',
    body,
    headers: { host: 'frontline.test', 'content-type': type, ...(origin ? { origin } : {}) },
  });
const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const errorOf = async (response: Response) => ({ status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code });

const thingBody = z.strictObject({ name: z.string().max(20) });

describe('the route wrapper', () => {
  beforeEach(() => {
    session.user = admin;
  });

  it('keeps its declaration on the handler, with the defaults filled in', () => {
    const POST = route.post({ access: ['admin'], params: ['thingId'], body: thingBody, find: async () => null }, () => new Response());
    expect(POST.declaration).toEqual({
      method: 'POST',
      access: ['admin'],
      params: ['thingId'],
      body: thingBody,
      maxBytes: 16 * 1024,
      sameOrigin: true,
      form: false,
      findsFirst: true,
    });
    const GET = route.get({ access: 'public' }, () => new Response());
    expect(GET.declaration).toMatchObject({ method: 'GET', access: 'public', params: [], body: null, sameOrigin: false, form: false });
    expect(Object.isFrozen(POST.declaration)).toBe(true);
  });

  it('checks in order: origin, access, what the request acts on, then the body; and hands the handler each', async () => {
    const seen: string[] = [];
    const POST = route.post(
      {
        access: ['admin'],
        params: ['thingId'],
        body: thingBody,
        find: async ({ params, actor }) => {
          seen.push(`find ${params.thingId} as ${actor.name}`);
          if (params.thingId !== 't1') throw new RecordNotFoundError('thing');
          return { id: params.thingId };
        },
      },
      ({ actor, params, body, found }) => {
        seen.push(`handler ${actor.name} ${params.thingId} ${body.name} ${found.id}`);
        return Response.json({ ok: true });
      },
    );

    // A foreign origin is refused before anything else, signed in or not, whatever the body.
    session.user = null;
    expect(await errorOf(await POST(post('nonsense', { origin: 'http://elsewhere.test' }), params({ thingId: 'nope' })))).toEqual({ status: 403, code: 'bad-origin' });
    expect(await errorOf(await POST(post('nonsense', { origin: null }), params({ thingId: 'nope' })))).toEqual({ status: 403, code: 'bad-origin' });
    // Then access: 401, and 403 for a role not declared.
    expect(await errorOf(await POST(post('nonsense'), params({ thingId: 'nope' })))).toEqual({ status: 401, code: 'unauthenticated' });
    session.user = trainee;
    expect(await errorOf(await POST(post('nonsense'), params({ thingId: 'nope' })))).toEqual({ status: 403, code: 'forbidden' });
    expect(seen).toEqual([]);
    // Then the record: a missing one is 404 whatever the body says.
    session.user = admin;
    expect(await errorOf(await POST(post('nonsense'), params({ thingId: 'nope' })))).toEqual({ status: 404, code: 'not-found' });
    // Then the body.
    expect(await errorOf(await POST(post('nonsense'), params({ thingId: 't1' })))).toEqual({ status: 400, code: 'bad-json' });
    expect(await errorOf(await POST(post('{"name":"x","admin":true}'), params({ thingId: 't1' })))).toEqual({ status: 400, code: 'invalid' });
    expect(await errorOf(await POST(post(JSON.stringify({ name: 'x'.repeat(20_000) })), params({ thingId: 't1' })))).toEqual({ status: 413, code: 'too-large' });
    expect(seen).toEqual(['find nope as Ada', 'find t1 as Ada', 'find t1 as Ada', 'find t1 as Ada']);
    seen.length = 0;

    const response = await POST(post('{"name":"lamp"}'), params({ thingId: 't1' }));
    expect(response.status).toBe(200);
    expect(seen).toEqual(['find t1 as Ada', 'handler Ada t1 lamp t1']);
  });

  it('reads no session on a public route, and takes a larger body when the route declares one', async () => {
    session.user = null;
    const POST = route.post({ access: 'public', body: z.strictObject({ text: z.string() }), maxBytes: 64 * 1024 }, ({ actor, body }) =>
      Response.json({ actor, length: body.text.length }),
    );
    const response = await POST(post(JSON.stringify({ text: 'x'.repeat(30_000) })), params({}));
    expect(await response.json()).toEqual({ actor: null, length: 30_000 });
  });

  it('checks no origin on GET, and still checks access', async () => {
    const GET = route.get({ access: 'signed-in', params: ['thingId'] }, ({ actor, params }) => Response.json({ who: actor.id, thing: params.thingId }));
    const request = new Request(`${SITE}/api/things/t1`, { headers: { host: 'frontline.test' } });
    expect(await (await GET(request, params({ thingId: 't1' }))).json()).toEqual({ who: 'u-admin', thing: 't1' });
    session.user = null;
    expect(await errorOf(await GET(request, params({ thingId: 't1' })))).toEqual({ status: 401, code: 'unauthenticated' });
  });

  it('answers a refused form post with a page, and a script with JSON, when the route is posted by forms', async () => {
    const POST = route.post({ access: 'signed-in', body: thingBody, form: true }, () => new Response(null, { status: 303, headers: { Location: '/done' } }));
    session.user = null;
    const refused = await POST(post('name=lamp', { type: 'application/x-www-form-urlencoded' }), params({}));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await refused.text()).toContain('Sign in first.');
    expect(await errorOf(await POST(post('{"name":"lamp"}'), params({})))).toEqual({ status: 401, code: 'unauthenticated' });
    session.user = trainee;
    expect((await POST(post('name=lamp', { type: 'application/x-www-form-urlencoded' }), params({}))).headers.get('location')).toBe('/done');
  });

  it('hides an unexpected error behind a 500 that changes nothing', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const POST = route.post({ access: 'signed-in', body: thingBody }, () => {
      throw new Error('boom');
    });
    expect(await errorOf(await POST(post('{"name":"lamp"}'), params({})))).toEqual({ status: 500, code: 'internal' });
    spy.mockRestore();
  });
});

import { z } from 'zod';
import { database } from '@/server/db';
import { login } from '@/server/lti/endpoints';
import { route } from '@/server/platform/route';

/** OIDC third-party login initiation (LTI 1.3): the platform names itself and the person; the browser goes on to its authorisation endpoint. */
export const GET = route.get({ access: 'public' }, async ({ request }) => {
  const { db } = await database();
  return login(db, request, Object.fromEntries(new URL(request.url).searchParams));
});

/** The same, posted as a form by the platform (from its own site). Fields are checked in `login`, so a refusal is a page. */
export const POST = route.post({ access: 'public', body: z.record(z.string(), z.string()), form: true, crossSite: true }, async ({ request, body }) => {
  const { db } = await database();
  return login(db, request, body);
});

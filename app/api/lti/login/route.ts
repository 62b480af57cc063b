import { database } from '@/server/db';
import { login } from '@/server/lti/endpoints';
import { loginInitiation } from '@/server/lti/schemas';
import { route } from '@/server/platform/route';

/** OIDC third-party login initiation (LTI 1.3): the platform names itself and the person; the browser goes on to its authorisation endpoint. */
export const GET = route.get({ access: 'public' }, async ({ request }) => {
  const { db } = await database();
  return login(db, request, Object.fromEntries(new URL(request.url).searchParams));
});

/** The same, posted as a form by the platform (from its own site). */
export const POST = route.post({ access: 'public', body: loginInitiation, form: true, crossSite: true }, async ({ request, body }) => {
  const { db } = await database();
  return login(db, request, body);
});

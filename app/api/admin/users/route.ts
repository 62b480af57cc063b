import { createPersonBody } from '@/server/people/schemas';
import { createUser, setPasswordUrl } from '@/server/people/accounts';
import { requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { HttpError } from '@/server/platform/errors';
import { route } from '@/server/platform/route';
import { findAssignablePeople } from '@/server/onboarding/module-overview';
import { PEOPLE_SEARCH_MAX } from '@/lib/people-limits';

/** Active people matching `?q=` by name or email, a few at a time, for choosing whom to assign a module. */
export const GET = route.get({ access: ROLES_THAT.managePeople }, async ({ request, actor }) => {
  const search = new URL(request.url).searchParams.get('q') ?? '';
  if (search.length > PEOPLE_SEARCH_MAX) throw new HttpError(400, 'invalid-query', `q is longer than ${PEOPLE_SEARCH_MAX} characters.`, { field: 'q' });
  const { db } = await database();
  return Response.json(await findAssignablePeople(db, actor, search), { headers: { 'Cache-Control': 'no-store' } });
});

/**
 * Creates a person (admins: any role; HR: trainees) and answers 201 with their one-time
 * set-password link, which is shown to the creator this once and never stored.
 */
export const POST = route.post({ access: ROLES_THAT.managePeople, body: createPersonBody }, async ({ request, actor, body }) => {
  const { db } = await database();
  const { user, link } = await createUser(db, actor, body, { address: requestAddress(request.headers) });
  return Response.json({ user, link: setPasswordUrl(link.token, request), expiresAt: link.expiresAt }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});

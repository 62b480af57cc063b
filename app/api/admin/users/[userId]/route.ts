import { updatePersonBody } from '@/server/people/schemas';
import { managedPerson, updateUser } from '@/server/people/accounts';
import { requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/**
 * Changes a person: name, team and start date (admins; HR for trainees), role and active state
 * (admins, never their own). Deactivation ends the person's sessions at once.
 */
export const PATCH = route.patch(
  {
    access: ROLES_THAT.managePeople,
    params: ['userId'],
    body: updatePersonBody,
    // A person out of the actor's reach is refused whatever the body says.
    find: async ({ actor, params }) => managedPerson((await database()).db, actor, params.userId),
  },
  async ({ request, actor, params, body }) => {
    const { db } = await database();
    const user = await updateUser(db, actor, params.userId, body, { address: requestAddress(request.headers) });
    return Response.json({ user }, { headers: { 'Cache-Control': 'no-store' } });
  },
);

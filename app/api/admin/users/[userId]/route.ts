import { updatePersonBody } from '@/server/people/schemas';
import { managedPerson, updateUser } from '@/server/people/accounts';
import { requestAddress } from '@/server/people/audit';
import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';

/**
 * Changes a person: name, team and start date (admins; HR for trainees), role and active state
 * (admins, never their own). Deactivation ends the person's sessions at once.
 */
export async function PATCH(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.managePeople);
    const { userId } = await params;
    const { db } = await database();
    // A person out of the actor's reach is refused whatever the body says.
    await managedPerson(db, actor, userId);
    const changes = await readBody(request, updatePersonBody);
    const user = await updateUser(db, actor, userId, changes, { address: requestAddress(request.headers) });
    return Response.json({ user }, { headers: { 'Cache-Control': 'no-store' } });
  });
}

import { requestAddress } from '@/server/people/audit';
import { HttpError, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { anonymisedName, anonymisePerson, erasePerson, erasureRequestBody, personById } from '@/server/people/privacy';
import { normaliseEmail } from '@/server/auth/sign-in';

/**
 * Anonymises or erases a person (admins): `{ mode: 'anonymise' | 'erase', confirmEmail }`, where the
 * email typed must be the person's current one, so a slip of the mouse cannot remove the wrong person.
 */
export const POST = route.post(
  {
    access: ROLES_THAT.administer,
    params: ['userId'],
    body: erasureRequestBody,
    find: async ({ params }) => personById((await database()).db, params.userId),
  },
  async ({ request, actor, body: { mode, confirmEmail }, found: person }) => {
    if (normaliseEmail(confirmEmail) !== person.email) {
      throw new HttpError(400, 'confirmation-mismatch', 'confirmEmail: the email typed is not this person’s email. Type it exactly as shown to confirm. Nothing was changed.');
    }
    const { db } = await database();
    const by = { id: actor.id, address: requestAddress(request.headers) };
    const report = mode === 'erase' ? await erasePerson(db, person.id, by) : await anonymisePerson(db, person.id, by);
    return Response.json({ mode, person: { id: person.id, name: anonymisedName(person.id) }, report }, { headers: { 'Cache-Control': 'no-store' } });
  },
);

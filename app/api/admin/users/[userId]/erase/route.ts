import { requestAddress } from '@/server/people/audit';
import { HttpError, requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';
import { anonymisedName, anonymisePerson, erasePerson, erasureRequestBody, personById } from '@/server/people/privacy';
import { normaliseEmail } from '@/server/auth/sign-in';

/**
 * Anonymises or erases a person (admins): `{ mode: 'anonymise' | 'erase', confirmEmail }`, where the
 * email typed must be the person's current one, so a slip of the mouse cannot remove the wrong person.
 */
export async function POST(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.administer);
    const { userId } = await params;
    const { db } = await database();
    const person = await personById(db, userId);
    const { mode, confirmEmail } = await readBody(request, erasureRequestBody);
    if (normaliseEmail(confirmEmail) !== person.email) {
      throw new HttpError(400, 'confirmation-mismatch', 'confirmEmail: the email typed is not this person’s email. Type it exactly as shown to confirm. Nothing was changed.');
    }
    const by = { id: actor.id, address: requestAddress(request.headers) };
    const report = mode === 'erase' ? await erasePerson(db, person.id, by) : await anonymisePerson(db, person.id, by);
    return Response.json({ mode, person: { id: person.id, name: anonymisedName(person.id) }, report }, { headers: { 'Cache-Control': 'no-store' } });
  });
}

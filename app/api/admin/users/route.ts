import { createPersonBody } from '@/server/account-schemas';
import { createUser, setPasswordUrl } from '@/server/accounts';
import { requestAddress } from '@/server/audit';
import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/http';

/**
 * Creates a person (admins: any role; HR: trainees) and answers 201 with their one-time
 * set-password link, which is shown to the creator this once and never stored.
 */
export async function POST(request: Request) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.managePeople);
    const input = await readBody(request, createPersonBody);
    const { db } = await database();
    const { user, link } = await createUser(db, actor, input, { address: requestAddress(request.headers) });
    return Response.json({ user, link: setPasswordUrl(link.token, request.url), expiresAt: link.expiresAt }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  });
}

import { passwordLinkBody } from '@/server/people/schemas';
import { createPasswordLink, managedPerson, setPasswordUrl } from '@/server/people/accounts';
import { requestAddress } from '@/server/people/audit';
import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';

/**
 * A new one-time set-password link for a person (admins: anyone; HR: trainees): 201 with the link,
 * shown this once. The body {replaceEarlierLinks: true} acknowledges that the person's earlier unused
 * links stop working; their password does not change until the link is used.
 */
export async function POST(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.managePeople);
    const { userId } = await params;
    const { db } = await database();
    await managedPerson(db, actor, userId);
    await readBody(request, passwordLinkBody);
    const link = await createPasswordLink(db, actor, userId, { address: requestAddress(request.headers) });
    return Response.json({ link: setPasswordUrl(link.token, request), expiresAt: link.expiresAt }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  });
}

import { passwordLinkBody } from '@/server/people/schemas';
import { createPasswordLink, managedPerson, setPasswordUrl } from '@/server/people/accounts';
import { requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/**
 * A new one-time set-password link for a person (admins: anyone; HR: trainees): 201 with the link,
 * shown this once. The body {replaceEarlierLinks: true} acknowledges that the person's earlier unused
 * links stop working; their password does not change until the link is used.
 */
export const POST = route.post(
  {
    access: ROLES_THAT.managePeople,
    params: ['userId'],
    body: passwordLinkBody,
    find: async ({ actor, params }) => managedPerson((await database()).db, actor, params.userId),
  },
  async ({ request, actor, params }) => {
    const { db } = await database();
    const link = await createPasswordLink(db, actor, params.userId, { address: requestAddress(request.headers) });
    return Response.json({ link: setPasswordUrl(link.token, request), expiresAt: link.expiresAt }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  },
);

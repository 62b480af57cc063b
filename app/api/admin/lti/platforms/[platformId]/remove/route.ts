import { NextResponse } from 'next/server';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { registeredPlatform, removePlatform } from '@/server/lti/platforms';
import { removePlatformBody } from '@/server/lti/schemas';
import { requestAddress } from '@/server/people/audit';
import { route } from '@/server/platform/route';

/** Stops a platform launching Frontline; its launches and the accounts they made stay. Audited. */
export const POST = route.post(
  {
    access: ROLES_THAT.administer,
    params: ['platformId'],
    body: removePlatformBody,
    find: async ({ params }) => registeredPlatform((await database()).db, params.platformId),
  },
  async ({ request, actor, found }) => {
    const { db } = await database();
    const removed = await removePlatform(db, found.id, { id: actor.id, address: requestAddress(request.headers) });
    return NextResponse.json({ removed: { id: removed.id, name: removed.name } });
  },
);

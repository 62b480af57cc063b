import { NextResponse } from 'next/server';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { registerPlatform } from '@/server/lti/platforms';
import { registerPlatformBody } from '@/server/lti/schemas';
import { requestAddress } from '@/server/people/audit';
import { route } from '@/server/platform/route';

/** Registers a learning platform (LMS) that may launch Frontline over LTI 1.3. Audited. */
export const POST = route.post({ access: ROLES_THAT.administer, body: registerPlatformBody }, async ({ request, actor, body }) => {
  const { db } = await database();
  const platform = await registerPlatform(db, body, { id: actor.id, address: requestAddress(request.headers) });
  return NextResponse.json({ platform: { id: platform.id, name: platform.name } }, { status: 201 });
});

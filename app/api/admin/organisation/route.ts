import { NextResponse } from 'next/server';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { requestAddress } from '@/server/people/audit';
import { route } from '@/server/platform/route';
import { organisationDetailsBody } from '@/server/organisation/schemas';
import { saveOrganisationDetails } from '@/server/organisation/settings';

/** Sets the organisation's name (empty: the environment's) and the certificate's signatory. Audited. */
export const PUT = route.put({ access: ROLES_THAT.administer, body: organisationDetailsBody }, async ({ request, actor, body }) => {
  const { db } = await database();
  const profile = await saveOrganisationDetails(db, { id: actor.id, address: requestAddress(request.headers) }, body);
  return NextResponse.json({ organisation: { name: profile.name, nameSet: profile.nameSet, signatory: profile.signatory } });
});

import { requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { createScenario } from '@/server/studio/authoring';
import { newScenarioBody, STUDIO_BODY_LIMIT } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/** A new authored scenario: from the blank template, a copy of another, or an imported file. */
export const POST = route.post({ access: ROLES_THAT.author, body: newScenarioBody, maxBytes: STUDIO_BODY_LIMIT }, async ({ request, actor, body }) => {
  const { db } = await database();
  const created = await createScenario(db, actor, body, { address: requestAddress(request.headers) });
  return Response.json(created, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});

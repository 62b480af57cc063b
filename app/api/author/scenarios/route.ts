import { requestAddress } from '@/server/people/audit';
import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { createScenario } from '@/server/studio/authoring';
import { newScenarioBody, STUDIO_BODY_LIMIT } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';

/** A new authored scenario: from the blank template, a copy of another, or an imported file. */
export async function POST(request: Request) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.author);
    const input = await readBody(request, newScenarioBody, STUDIO_BODY_LIMIT);
    const { db } = await database();
    const created = await createScenario(db, actor, input, { address: requestAddress(request.headers) });
    return Response.json(created, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  });
}

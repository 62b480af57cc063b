import { createAssignmentRule } from '@/server/onboarding/assignments';
import { requestAddress } from '@/server/people/audit';
import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';
import { assignmentRuleBody } from '@/server/onboarding/schemas';
import { moduleDetail } from '@/server/onboarding/modules';

/**
 * Assigns the module to a person, a team or a cohort (trainees who started between two dates), with
 * an optional fixed due date; answers 201 with the rule and how many people it reached at once.
 */
export async function POST(request: Request, { params }: { params: Promise<{ moduleId: string }> }) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.managePeople);
    const { moduleId } = await params;
    const { db } = await database();
    await moduleDetail(db, actor, moduleId);
    const body = await readBody(request, assignmentRuleBody);
    const { rule, assigned } = await createAssignmentRule(db, actor, { ...body, moduleId, dueDate: body.dueDate || null }, {
      address: requestAddress(request.headers),
    });
    return Response.json({ rule, assigned }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  });
}

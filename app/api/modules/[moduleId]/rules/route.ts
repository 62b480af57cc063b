import { createAssignmentRule } from '@/server/onboarding/assignments';
import { requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { assignmentRuleBody } from '@/server/onboarding/schemas';
import { moduleDetail } from '@/server/onboarding/modules';

/**
 * Assigns the module to a person, a team or a cohort (trainees who started between two dates), with
 * an optional fixed due date; answers 201 with the rule and how many people it reached at once.
 */
export const POST = route.post(
  {
    access: ROLES_THAT.managePeople,
    params: ['moduleId'],
    body: assignmentRuleBody,
    find: async ({ actor, params }) => moduleDetail((await database()).db, actor, params.moduleId),
  },
  async ({ request, actor, params: { moduleId }, body }) => {
    const { db } = await database();
    const { rule, assigned } = await createAssignmentRule(
      db,
      actor,
      { ...body, moduleId, dueDate: body.dueDate || null },
      {
        address: requestAddress(request.headers),
      },
    );
    return Response.json({ rule, assigned }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  },
);

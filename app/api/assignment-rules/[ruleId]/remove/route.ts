import { removeAssignmentRule } from '@/server/onboarding/assignments';
import { requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { findAssignmentRule } from '@/server/onboarding/module-overview';
import { removeRuleBody } from '@/server/onboarding/schemas';

/**
 * Unassigns: the rule reaches nobody new, and everyone it reached who has not completed the module
 * loses it. Completed assignments stay as history. Answers with how many were unassigned.
 */
export const POST = route.post(
  {
    access: ROLES_THAT.managePeople,
    params: ['ruleId'],
    body: removeRuleBody,
    find: async ({ params }) => findAssignmentRule((await database()).db, params.ruleId),
  },
  async ({ request, actor, params }) => {
    const { db } = await database();
    const { unassigned } = await removeAssignmentRule(db, actor, params.ruleId, { address: requestAddress(request.headers) });
    return Response.json({ unassigned }, { headers: { 'Cache-Control': 'no-store' } });
  },
);

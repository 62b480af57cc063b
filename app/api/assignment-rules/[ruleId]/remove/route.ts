import { removeAssignmentRule } from '@/server/onboarding/assignments';
import { requestAddress } from '@/server/people/audit';
import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';
import { findAssignmentRule } from '@/server/onboarding/module-overview';
import { removeRuleBody } from '@/server/onboarding/schemas';

/**
 * Unassigns: the rule reaches nobody new, and everyone it reached who has not completed the module
 * loses it. Completed assignments stay as history. Answers with how many were unassigned.
 */
export async function POST(request: Request, { params }: { params: Promise<{ ruleId: string }> }) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.managePeople);
    const { ruleId } = await params;
    const { db } = await database();
    await findAssignmentRule(db, ruleId);
    await readBody(request, removeRuleBody);
    const { unassigned } = await removeAssignmentRule(db, actor, ruleId, { address: requestAddress(request.headers) });
    return Response.json({ unassigned }, { headers: { 'Cache-Control': 'no-store' } });
  });
}

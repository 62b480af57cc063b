import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { downloadPackage } from '@/server/scorm/endpoints';
import { packageRequestBody } from '@/server/scorm/schemas';

/** A SCORM 1.2 package of a scenario, made for whoever manages training (decision 038). */
export const POST = route.post({ access: ROLES_THAT.manageModules, body: packageRequestBody, form: true }, async ({ request, actor, body }) => {
  const { db } = await database();
  return downloadPackage(db, request, actor, body.scenarioId);
});

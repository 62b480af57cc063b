import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { open } from '@/server/scorm/endpoints';
import { openLaunchBody } from '@/server/lti/schemas';

/** The launcher's button, posted from the LMS's page: the one-time ticket is the credential, in the same form as a framed LTI launch's (decision 038). */
export const POST = route.post({ access: 'public', body: openLaunchBody, form: true, crossSite: true }, async ({ request, body }) => {
  const { db } = await database();
  return open(db, request, body.ticket);
});

import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { open } from '@/server/scorm/endpoints';
import { scormOpenBody } from '@/server/scorm/schemas';

/** The launcher's button, posted from the LMS's page: the one-time ticket is the credential (decision 038). */
export const POST = route.post({ access: 'public', body: scormOpenBody, form: true, crossSite: true }, async ({ request, body }) => {
  const { db } = await database();
  return open(db, request, body.ticket);
});

import { database } from '@/server/db';
import { open } from '@/server/lti/endpoints';
import { openLaunchBody } from '@/server/lti/schemas';
import { route } from '@/server/platform/route';

/** Continues a launch shown inside the LMS's frame in a window of its own; the one-time ticket is the credential. */
export const POST = route.post({ access: 'public', body: openLaunchBody, form: true }, async ({ body }) => {
  const { db } = await database();
  return open(db, body.ticket);
});

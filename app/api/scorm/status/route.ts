import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { readableByLaunchers, status } from '@/server/scorm/endpoints';

/** How a package launch's attempt stands, for the launcher polling from the LMS's origin with its status token. */
export const GET = readableByLaunchers(
  route.get({ access: 'public' }, async ({ request }) => {
    const { db } = await database();
    return status(db, request);
  }),
);

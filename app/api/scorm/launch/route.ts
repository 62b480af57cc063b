import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { launch, readableByLaunchers } from '@/server/scorm/endpoints';
import { scormLaunchBody } from '@/server/scorm/schemas';

/** The package launcher's handshake, from the LMS's origin: the package key and the learner secret are its proof (decision 038). */
export const POST = readableByLaunchers(
  route.post({ access: 'public', body: scormLaunchBody, crossSite: true }, async ({ request, body }) => {
    const { db } = await database();
    return launch(db, request, body);
  }),
);

import { database } from '@/server/db';
import { launch } from '@/server/lti/endpoints';
import { launchBody } from '@/server/lti/schemas';
import { route } from '@/server/platform/route';

/** The LTI launch: the platform's signed id_token, posted from its site through the browser (decision 036). */
export const POST = route.post({ access: 'public', body: launchBody, maxBytes: 64 * 1024, form: true, crossSite: true }, async ({ request, body }) => {
  const { db } = await database();
  return launch(db, request, body);
});

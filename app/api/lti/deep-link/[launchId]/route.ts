import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { deepLinkingRequest, deepLinkingResponse } from '@/server/lti/deep-linking';
import { autoPostPage } from '@/server/lti/pages';
import { deepLinkBody } from '@/server/lti/schemas';
import { route } from '@/server/platform/route';
import { publicOrigin } from '@/server/platform/site-origin';

/** A trainer's picks for the LMS: answered with a page that posts the signed deep linking response back to the platform. */
export const POST = route.post(
  {
    access: ROLES_THAT.author,
    params: ['launchId'],
    body: deepLinkBody,
    form: true,
    find: async ({ actor, params }) => deepLinkingRequest((await database()).db, params.launchId, actor),
  },
  async ({ request, actor, body, found }) => {
    const { db } = await database();
    const answer = await deepLinkingResponse(db, found, body, actor, publicOrigin(request));
    return autoPostPage(answer.returnUrl, { JWT: answer.jwt }, `Adding ${answer.items} ${answer.items === 1 ? 'activity' : 'activities'} to your course`);
  },
);

import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { typedReviewOf } from '@/server/studio/typed-review';

/** The trainers' review queue: typed replies that matched nothing or matched unsurely, by state, without who typed them. */
export const GET = route.get({ access: ROLES_THAT.author, params: ['scenarioId'] }, async ({ actor, params }) => {
  const { db } = await database();
  const review = await typedReviewOf(db, actor, params.scenarioId);
  return Response.json(review, { headers: { 'Cache-Control': 'no-store' } });
});

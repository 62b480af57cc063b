import { setPasswordBody } from '@/server/people/schemas';
import { setPasswordWithLink } from '@/server/people/accounts';
import { requestAddress } from '@/server/people/audit';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/**
 * Sets a password with a one-time link; no session needed, the link is the proof. 400 with the
 * reason for a password the policy refuses (the link stays usable), 400 for an unknown link, 410
 * for a used or expired one.
 */
export const POST = route.post({ access: 'public', body: setPasswordBody }, async ({ request, body: { token, password } }) => {
  const { db } = await database();
  const { email } = await setPasswordWithLink(db, token, password, { address: requestAddress(request.headers) });
  return Response.json({ ok: true, email }, { headers: { 'Cache-Control': 'no-store' } });
});

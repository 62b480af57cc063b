import { database } from '@/server/db';
import { setReminders } from '@/server/mail/reminders';
import { remindersBody } from '@/server/mail/schemas';
import { unsubscribeTokenOwner } from '@/server/mail/secrets';
import { requestAddress } from '@/server/people/audit';
import { RecordNotFoundError } from '@/server/platform/errors';
import { postedByForm } from '@/server/platform/http';
import { route } from '@/server/platform/route';

/**
 * Turns email reminders off (or back on) from the link in a reminder, without signing in: the
 * token is the person's id signed by the server (server/mail/secrets.ts). A plain form on
 * /reminders/<token> posts here and is sent back there.
 */
export const POST = route.post(
  {
    access: 'public',
    params: ['token'],
    body: remindersBody,
    form: true,
  },
  async ({ request, params, body }) => {
    const userId = unsubscribeTokenOwner(params.token);
    if (!userId) throw new RecordNotFoundError('reminder link');
    const { db } = await database();
    const on = await setReminders(db, userId, body.reminders === 'on', { actorId: null, address: requestAddress(request.headers) });
    if (postedByForm(request)) return new Response(null, { status: 303, headers: { Location: `/reminders/${params.token}?saved=${on ? 'on' : 'off'}` } });
    return Response.json({ reminders: on ? 'on' : 'off' });
  },
);

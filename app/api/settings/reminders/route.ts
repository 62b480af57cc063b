import { database } from '@/server/db';
import { setReminders } from '@/server/mail/reminders';
import { remindersBody } from '@/server/mail/schemas';
import { requestAddress } from '@/server/people/audit';
import { postedByForm } from '@/server/platform/http';
import { route } from '@/server/platform/route';

/** The signed-in person turns their own email reminders on or off. A form post returns to the settings page. */
export const POST = route.post({ access: 'signed-in', body: remindersBody, form: true }, async ({ request, actor, body }) => {
  const { db } = await database();
  const on = await setReminders(db, actor.id, body.reminders === 'on', { actorId: actor.id, address: requestAddress(request.headers) });
  if (postedByForm(request)) return new Response(null, { status: 303, headers: { Location: '/settings?saved=1' } });
  return Response.json({ reminders: on ? 'on' : 'off' });
});

import { NextResponse } from 'next/server';
import { timeModeBody } from '@/server/training/schemas';
import { database } from '@/server/db';
import { postedByForm } from '@/server/platform/http';
import { route } from '@/server/platform/route';
import { setTimeMode } from '@/server/auth/sign-in';

/** Saves the signed-in user's own preferences. A form post returns to the settings page. */
export const POST = route.post({ access: 'signed-in', body: timeModeBody, form: true }, async ({ request, actor, body: { timeMode } }) => {
  const { db } = await database();
  await setTimeMode(db, actor.id, timeMode);
  // Relative: the browser stays at the address it used (request.url always says localhost).
  if (postedByForm(request)) return new Response(null, { status: 303, headers: { Location: '/settings?saved=1' } });
  return NextResponse.json({ timeMode });
});

import { NextResponse } from 'next/server';
import { startAttemptBody } from '@/server/training/schemas';
import { startAttempt } from '@/server/training/attempts';
import { database } from '@/server/db';
import { postedByForm } from '@/server/platform/http';
import { route } from '@/server/platform/route';
import { setTimeMode } from '@/server/auth/sign-in';

/** Starts an attempt. A form post is redirected to the player; a JSON call gets the id. */
export const POST = route.post({ access: 'signed-in', body: startAttemptBody, form: true }, async ({ request, actor, body: { scenarioId, timeMode } }) => {
  const { db } = await database();
  if (timeMode && timeMode !== actor.timeMode) await setTimeMode(db, actor.id, timeMode);
  const attemptId = await startAttempt(db, actor.id, scenarioId, timeMode ?? actor.timeMode);
  const url = `/play/${attemptId}`;
  // Relative: the browser stays at the address it used (request.url always says localhost).
  if (postedByForm(request)) return new Response(null, { status: 303, headers: { Location: url } });
  return NextResponse.json({ attemptId, url }, { status: 201 });
});

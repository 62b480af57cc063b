import { NextResponse } from 'next/server';
import { startAttemptBody } from '@/server/training/schemas';
import { startAttempt } from '@/server/training/attempts';
import { requireApiUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handleForm, readBody } from '@/server/platform/http';
import { setTimeMode } from '@/server/auth/sign-in';

/** Starts an attempt. A form post is redirected to the player; a JSON call gets the id. */
export async function POST(request: Request) {
  return handleForm(request, async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { scenarioId, timeMode } = await readBody(request, startAttemptBody);
    const { db } = await database();
    if (timeMode && timeMode !== user.timeMode) await setTimeMode(db, user.id, timeMode);
    const attemptId = await startAttempt(db, user.id, scenarioId, timeMode ?? user.timeMode);
    const url = `/play/${attemptId}`;
    if ((request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
      // Relative: the browser stays at the address it used (request.url always says localhost).
      return new Response(null, { status: 303, headers: { Location: url } });
    }
    return NextResponse.json({ attemptId, url }, { status: 201 });
  });
}

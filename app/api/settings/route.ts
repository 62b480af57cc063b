import { NextResponse } from 'next/server';
import { timeModeBody } from '@/server/training/schemas';
import { requireApiUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handleForm, readBody } from '@/server/platform/http';
import { setTimeMode } from '@/server/auth/sign-in';

/** Saves the signed-in user's own preferences. A form post returns to the settings page. */
export async function POST(request: Request) {
  return handleForm(request, async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { timeMode } = await readBody(request, timeModeBody);
    const { db } = await database();
    await setTimeMode(db, user.id, timeMode);
    if ((request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
      // Relative: the browser stays at the address it used (request.url always says localhost).
      return new Response(null, { status: 303, headers: { Location: '/settings?saved=1' } });
    }
    return NextResponse.json({ timeMode });
  });
}

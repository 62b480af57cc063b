import { NextResponse } from 'next/server';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { remindPeople } from '@/server/mail/reminders';
import { remindBody } from '@/server/mail/schemas';
import { requestAddress } from '@/server/people/audit';
import { route } from '@/server/platform/route';

/**
 * HR's "remind": an email now to one person, or to everyone overdue in the dashboard's filter,
 * listing their open modules. Answers who was reminded and who was skipped, and why (reminded
 * today already, reminders turned off, nothing open, deactivated).
 */
export const POST = route.post({ access: ROLES_THAT.seeResults, body: remindBody }, async ({ request, actor, body }) => {
  const { db } = await database();
  const result = await remindPeople(db, actor, body, { address: requestAddress(request.headers) });
  return NextResponse.json(result);
});

import type { Metadata } from 'next';
import { eq } from 'drizzle-orm';
import Link from 'next/link';
import { buttonStyles } from '@/components/ui/styles';
import { database } from '@/server/db';
import { users } from '@/server/db/schema';
import { unsubscribeTokenOwner } from '@/server/mail/secrets';
import { organisationName } from '@/server/organisation/settings';

export const metadata: Metadata = {
  title: 'Email reminders',
  // The token is in the address: keep it out of Referer headers to other sites and out of search
  // engines. (Not no-referrer: a form posted under it carries Origin "null", which the origin check refuses.)
  referrer: 'same-origin',
  robots: { index: false, follow: false },
};

/**
 * Public: the link in a reminder is the proof of whose reminders these are (a signed id), so no
 * session is needed. Opening it changes nothing (mail scanners open links); the button does.
 */
export default async function RemindersPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ saved?: string }> }) {
  const { token } = await params;
  const { saved } = await searchParams;
  const userId = unsubscribeTokenOwner(token);
  const { db } = await database();
  const [person] = userId ? await db.select().from(users).where(eq(users.id, userId)) : [];
  if (!person || person.anonymisedAt) {
    return (
      <div className="mx-auto max-w-md">
        <h1 className="text-2xl font-bold tracking-tight">This link does not work</h1>
        <p className="mt-3 text-slate-800">Check that you opened the whole link from the email. You can also turn reminders off in your settings once you sign in.</p>
        <Link href="/login" className={`${buttonStyles.secondary} mt-6`}>
          Go to sign in
        </Link>
      </div>
    );
  }
  const on = !person.remindersOffAt;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold tracking-tight">Email reminders</h1>
      <p role="status" className="mt-3 text-slate-800">
        {saved === 'off' ? 'Done: you will get no more reminders. ' : saved === 'on' ? 'Done: reminders are on again. ' : ''}
        Reminders about training that is due are {on ? 'on' : 'off'} for {person.name} at {await organisationName(db)}.
      </p>
      <p className="mt-2 text-slate-700">You are told of new assignments and sent set-password links either way.</p>
      {/* A plain form post: it works before any script has loaded. */}
      <form method="post" action={`/api/reminders/${token}`} className="mt-6">
        <input type="hidden" name="reminders" value={on ? 'off' : 'on'} />
        <button type="submit" className={on ? buttonStyles.primary : buttonStyles.secondary}>
          {on ? 'Stop email reminders' : 'Turn email reminders back on'}
        </button>
      </form>
    </div>
  );
}

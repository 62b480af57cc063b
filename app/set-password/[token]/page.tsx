import type { Metadata } from 'next';
import Link from 'next/link';
import { SetPasswordForm } from '@/components/account/SetPasswordForm';
import { buttonStyles } from '@/components/ui/styles';
import { LINK_PROBLEMS, passwordLinkStatus } from '@/server/people/password-links';
import { PASSWORD_MIN_LENGTH } from '@/server/people/password-policy';
import { database } from '@/server/db';

export const metadata: Metadata = {
  title: 'Set your password',
  // The token is in the address: keep it out of Referer headers and search engines.
  referrer: 'no-referrer',
  robots: { index: false, follow: false },
};

/**
 * Public: the one-time link is the proof of who is setting the password, so no session is needed.
 * A link that does not work is explained on the page (status 200), with whom to ask.
 */
export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { db } = await database();
  const status = await passwordLinkStatus(db, token);

  if (status.state !== 'valid') {
    const problem = LINK_PROBLEMS[status.state];
    return (
      <div className="mx-auto max-w-md">
        <h1 className="text-2xl font-bold tracking-tight">{problem.title}</h1>
        <p className="mt-3 text-slate-800">{problem.message}</p>
        <Link href="/login" className={`${buttonStyles.secondary} mt-6`}>
          Go to sign in
        </Link>
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold tracking-tight">{status.purpose === 'reset' ? 'Choose a new password' : 'Set your password'}</h1>
      <p className="mt-2 text-slate-700">
        For <strong className="text-slate-900">{status.name}</strong>&rsquo;s Frontline account. This link works once.
      </p>
      <section id="password-policy" aria-label="What makes a good password" className="mt-4 rounded-md border border-slate-200 bg-white p-4 text-sm text-slate-800">
        <p className="font-medium">Your password needs:</p>
        <ul className="mt-1 list-disc space-y-1 pl-5">
          <li>at least {PASSWORD_MIN_LENGTH} characters (a few unrelated words together work well);</li>
          <li>to be hard to guess: not a password many people use, a keyboard run or a repeat, nor made of your name, your email or this site&rsquo;s name.</li>
        </ul>
        <p className="mt-2">No special characters, digits or capitals are required.</p>
      </section>
      <SetPasswordForm token={token} email={status.email} policyId="password-policy" />
    </div>
  );
}

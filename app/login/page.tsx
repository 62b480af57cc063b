import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/LoginForm';
import { SSO_PROVIDER_ID } from '@/server/auth/options';
import { currentUser } from '@/server/auth/session';
import { settings } from '@/server/platform/settings';
import { safeReturnPath } from '@/server/platform/redirects';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@/server/auth/sign-in';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const from = safeReturnPath(params.from);
  if (await currentUser()) redirect(from);
  const { demo, oidc } = settings();
  const error = typeof params.error === 'string' ? params.error.slice(0, 100) : null;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold tracking-tight">Sign in to Frontline</h1>
      <p className="mt-2 text-slate-700">Practise real customer conversations and see what every reply is worth.</p>
      <LoginForm from={from} error={error} sso={oidc ? { id: SSO_PROVIDER_ID, name: oidc.name } : null} />
      {demo && (
        <section aria-labelledby="demo-heading" className="mt-8 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
          <h2 id="demo-heading" className="font-semibold text-amber-950">
            Demo mode
          </h2>
          <p className="mt-1 text-amber-950">
            Every demo account uses the password <code className="rounded bg-white px-1 font-mono">{DEMO_PASSWORD}</code>.
          </p>
          <ul className="mt-2 space-y-1 text-amber-950">
            {DEMO_ACCOUNTS.map((account) => (
              <li key={account.email}>
                <code className="font-mono">{account.email}</code> — {account.role === 'hr' ? 'HR' : account.role}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

import Link from 'next/link';
import { buttonStyles } from '@/components/ui/styles';

/** Shown with status 403 when a signed-in user's role does not allow the page. */
export default function Forbidden() {
  return (
    <div className="mx-auto max-w-xl py-12 text-center">
      <h1 className="text-2xl font-bold tracking-tight">Not available to your role</h1>
      <p className="mt-2 text-slate-700">Your account can&rsquo;t open this page. If you need it for your work, ask an administrator to change your role.</p>
      <Link href="/" className={`${buttonStyles.primary} mt-6`}>
        Go to the home page
      </Link>
    </div>
  );
}

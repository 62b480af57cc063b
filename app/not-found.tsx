import Link from 'next/link';
import { buttonStyles } from '@/components/ui/styles';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl py-12 text-center">
      <h1 className="text-2xl font-bold tracking-tight">Not found</h1>
      <p className="mt-2 text-slate-700">There is nothing here, or it is not yours to see.</p>
      <Link href="/scenarios" className={`${buttonStyles.primary} mt-6`}>
        Go to scenarios
      </Link>
    </div>
  );
}

import Link from 'next/link';
import { buttonStyles } from '@/components/ui/styles';
import { ArrowLeftIcon, RetryIcon } from './Icons';

/** "Try again" is a plain form post, so it works before any script has loaded. */
export function DebriefActions({ scenarioId }: { scenarioId: string }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <form method="post" action="/api/attempts">
        <input type="hidden" name="scenarioId" value={scenarioId} />
        <button type="submit" className={buttonStyles.primary}>
          <RetryIcon className="h-4 w-4" />
          Try again
        </button>
      </form>
      <Link href="/scenarios" className={buttonStyles.secondary}>
        <ArrowLeftIcon className="h-4 w-4" />
        Back to scenarios
      </Link>
    </div>
  );
}

import Link from 'next/link';
import { buttonStyles } from '@/components/ui/styles';
import { ArrowLeftIcon, RetryIcon } from './Icons';

/**
 * "Try again" is a plain form post, so it works before any script has loaded. An archived scenario
 * cannot be started again, so its debrief says so instead of offering a button that would fail.
 */
export function DebriefActions({ scenarioId, playable }: { scenarioId: string; playable: boolean }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      {playable ? (
        <form method="post" action="/api/attempts">
          <input type="hidden" name="scenarioId" value={scenarioId} />
          <button type="submit" className={buttonStyles.primary}>
            <RetryIcon className="h-4 w-4" />
            Try again
          </button>
        </form>
      ) : (
        <p className="text-sm text-slate-700">This scenario has been retired: it can no longer be played, and this result is kept.</p>
      )}
      <Link href="/scenarios" className={buttonStyles.secondary}>
        <ArrowLeftIcon className="h-4 w-4" />
        Back to scenarios
      </Link>
    </div>
  );
}

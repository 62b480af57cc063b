import Link from 'next/link';
import type { UnfinishedConversation as Unfinished } from '@/server/training/home';
import { LocalTime } from '@/components/ui/LocalTime';
import { buttonStyles } from '@/components/ui/styles';

const repliesText = (replies: number) => (replies === 0 ? 'You have not replied yet.' : replies === 1 ? 'You have given one reply.' : `You have given ${replies} replies.`);

/** The conversation left most recently without finishing it: first on the home page, one step from where it stopped. */
export function UnfinishedConversation({ unfinished }: { unfinished: Unfinished }) {
  return (
    <section aria-labelledby="unfinished-heading" className="rounded-lg border border-brand-200 bg-brand-50 p-5">
      <h2 id="unfinished-heading" className="text-lg font-semibold tracking-tight text-slate-900">
        Pick up where you left off
      </h2>
      <p className="mt-1 text-slate-800">
        <strong>{unfinished.title}</strong> ({unfinished.assessment ? 'assessment' : 'practice'}). {repliesText(unfinished.replies)}{' '}
        {unfinished.replies === 0 ? 'Started' : 'Last reply'} <LocalTime iso={unfinished.lastActiveAt.toISOString()} />.
      </p>
      <Link href={`/play/${unfinished.attemptId}`} className={`${buttonStyles.primary} mt-3`}>
        Continue<span className="sr-only"> {unfinished.title}</span>
      </Link>
    </section>
  );
}

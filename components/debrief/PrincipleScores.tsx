import Link from 'next/link';
import { ScoreBar } from '@/components/ui/ScoreBar';
import { panel } from '@/components/ui/styles';
import type { DebriefPrinciple } from '@/server/training/debrief';
import { PRINCIPLE_SCORES_HELP, principleWords } from '../../lib/debrief-words';

export function PrincipleScores({ principles }: { principles: DebriefPrinciple[] }) {
  return (
    <section aria-labelledby="principles-heading" className={`${panel} p-5 sm:p-6`}>
      <h2 id="principles-heading" className="text-lg font-semibold tracking-tight">
        Score by principle
      </h2>
      <p className="mt-1 max-w-prose text-sm text-slate-700">{PRINCIPLE_SCORES_HELP} Select a principle&rsquo;s name to read what it means and what good looks like.</p>
      {principles.length === 0 ? (
        <p className="mt-4 text-slate-700">This scenario had no points to win or lose on any principle.</p>
      ) : (
        <ul className="mt-5 space-y-4">
          {principles.map((principle) => {
            const { figure, lossNote } = principleWords(principle);
            return (
              <li key={principle.id} className="grid gap-1 sm:grid-cols-[11rem_minmax(0,1fr)] sm:items-center sm:gap-x-4">
                <Link
                  href={`/principles#${principle.id}`}
                  className="w-fit rounded font-medium text-brand-800 underline decoration-brand-700/40 underline-offset-2 hover:decoration-brand-700"
                >
                  {principle.name}
                </Link>
                <div>
                  {/* An untested principle has no bar at all: an empty one would read as a score of 0. */}
                  {principle.percent !== null && <ScoreBar label={`${principle.name} score`} percent={principle.percent} />}
                  <p className={principle.percent === null ? 'text-sm italic text-slate-700' : 'mt-0.5 text-sm font-medium text-slate-800'}>{figure}</p>
                  {lossNote && <p className="text-sm text-slate-700">{lossNote}</p>}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

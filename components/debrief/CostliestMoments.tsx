import { panel } from '@/components/ui/styles';
import type { DebriefDecision, DebriefView } from '@/server/training/debrief';
import { CriticalErrorNote, CustomerLines, Feedback, Narration, replyAnchor, TraineeReply } from './ConversationParts';
import { AlertIcon, CheckCircleIcon, LightbulbIcon } from './Icons';
import { PointsList } from '@/components/ui/PointsList';
import { pointsWord } from '@/lib/labels';

function BetterReply({ decision }: { decision: DebriefDecision }) {
  const { better } = decision;
  return (
    <div className="rounded-md border-l-4 border-brand-700 bg-brand-50 px-4 py-4">
      <h4 className="flex items-center gap-2 font-semibold text-brand-900">
        <LightbulbIcon />
        What would have worked better
      </h4>
      {better === null ? (
        <p className="mt-2 max-w-prose leading-relaxed text-slate-800">
          No single reply would have scored more in total here, but other replies won points on principles this one missed. Read the feedback above to see which.
        </p>
      ) : (
        <div className="mt-3 space-y-3">
          {better.text === null ? (
            <p className="max-w-prose italic text-slate-800">Letting the moment pass without a reply would have scored more here.</p>
          ) : (
            <blockquote className="max-w-prose rounded-md border border-brand-100 bg-white px-4 py-3 leading-relaxed text-slate-900">
              <p>{better.text}</p>
            </blockquote>
          )}
          <PointsList points={better.points} label="Points this reply would have earned" />
          <Feedback label="Why" text={better.feedback} />
        </div>
      )}
    </div>
  );
}

export function CostliestMoments({ view }: { view: DebriefView }) {
  return (
    <section aria-labelledby="costliest-heading">
      <h2 id="costliest-heading" className="text-xl font-semibold tracking-tight">
        Where it cost you most
      </h2>
      {view.costliest.length === 0 ? (
        <p className={`${panel} mt-4 flex items-start gap-3 p-5 text-slate-800`}>
          {view.criticalErrors.length === 0 ? <CheckCircleIcon className="mt-0.5 h-5 w-5 text-emerald-700" /> : <AlertIcon className="mt-0.5 h-5 w-5 text-rose-800" />}
          {view.criticalErrors.length === 0 ? (
            <span>Nothing to flag: every reply you chose earned all the points on offer. Well done.</span>
          ) : (
            <span>
              Every reply you chose earned all the points on offer, but points are not everything: see the{' '}
              <a href="#critical-heading" className="text-brand-800 underline underline-offset-2 hover:decoration-2">
                {view.criticalErrors.length === 1 ? 'critical error' : 'critical errors'}
              </a>{' '}
              above.
            </span>
          )}
        </p>
      ) : (
        <>
          <p className="mt-1 max-w-prose text-slate-700">
            {view.costliest.length === 1 ? 'The moment' : `The ${view.costliest.length} moments`} where your reply left the most points on the table, with a reply that would have
            scored more.
          </p>
          <ol className="mt-4 space-y-5">
            {view.costliest.map((decision) => {
              const { number } = decision;
              return (
                <li key={decision.seq} className={`${panel} space-y-4 p-5 sm:p-6`}>
                  <h3 className="text-base font-semibold text-slate-900">
                    Reply {number}: {decision.cost} {pointsWord(decision.cost)} missed
                  </h3>
                  {decision.narration && <Narration text={decision.narration} />}
                  <CustomerLines name={view.persona.name} lines={decision.say} />
                  <TraineeReply option={decision.taken} typed={decision.typed} label="You said" />
                  <PointsList points={decision.taken.points} label="Points your reply earned" />
                  <Feedback text={decision.taken.feedback} />
                  {decision.critical && <CriticalErrorNote reason={decision.critical} />}
                  <BetterReply decision={decision} />
                  <p className="text-sm">
                    <a href={`#${replyAnchor(number)}`} className="text-brand-800 underline underline-offset-2 hover:decoration-2">
                      See reply {number} in the full conversation
                    </a>
                  </p>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}

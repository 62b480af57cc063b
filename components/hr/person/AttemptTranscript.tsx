import { CustomerLines, Feedback, Narration, TraineeReply } from '@/components/debrief/ConversationParts';
import { moodLabel } from '@/components/ui/labels';
import { PointsList } from '@/components/ui/PointsList';
import type { DebriefView } from '@/server/training/debrief';
import type { ReportCriticalReply } from '@/server/reporting/person-report';
import { CRITICAL_ERROR_RULE, WarningIcon } from './parts';

/**
 * A finished attempt's conversation as HR reads it inline: what the customer said, the reply the
 * person chose (named, not "you"), the points and feedback on it, whether it was a critical error
 * and why, and a reply that would have scored more. The debrief page has the same and more.
 */
export function AttemptTranscript({ view, critical = [], headingLevel = 4 }: { view: DebriefView; critical?: readonly ReportCriticalReply[]; headingLevel?: 4 | 5 }) {
  const Heading = `h${headingLevel}` as const;
  const who = view.owner.name;
  const count = view.decisions.length;
  const reasonAt = new Map(critical.map((c) => [c.seq, c.reason]));
  if (count === 0) return <p className="text-slate-700">The conversation ended before {who} had a reply to make.</p>;
  return (
    <div>
      <ol className="divide-y divide-slate-200">
        {view.decisions.map((decision, i) => (
          <li key={decision.seq} className="space-y-3 py-4 first:pt-0">
            <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <Heading className="font-semibold text-slate-900">
                Reply {i + 1} of {count}
                {reasonAt.has(decision.seq) && <span className="font-normal text-rose-900">: a critical error</span>}
              </Heading>
              <p className="text-sm text-slate-600">
                {view.persona.name}&rsquo;s mood: {moodLabel(decision.mood)}
              </p>
            </div>
            {decision.narration && <Narration text={decision.narration} />}
            <CustomerLines name={view.persona.name} lines={decision.say} />
            {decision.taken.text === null ? (
              <div>
                <p className="text-xs font-semibold uppercase tracking-wide text-brand-800">{who}</p>
                <p className="mt-1 max-w-prose rounded-md border border-dashed border-slate-400 px-4 py-3 italic text-slate-700">No answer in time: the time limit ran out.</p>
              </div>
            ) : (
              <TraineeReply option={decision.taken} label={who} />
            )}
            {reasonAt.has(decision.seq) && (
              <p className="flex max-w-prose items-start gap-2 rounded-md border border-rose-300 bg-rose-50 px-4 py-3 leading-relaxed text-rose-950">
                <WarningIcon className="mt-0.5 h-5 w-5" />
                <span>
                  <span className="font-semibold">Critical error: </span>
                  {reasonAt.get(decision.seq)} {CRITICAL_ERROR_RULE}
                </span>
              </p>
            )}
            <PointsList points={decision.taken.points} label={`Points for reply ${i + 1}`} />
            <Feedback text={decision.taken.feedback} />
            {decision.better?.text && <Feedback text={`“${decision.better.text}”`} label="A reply that would have scored more" />}
          </li>
        ))}
      </ol>
      {view.ending.say.length > 0 && (
        <div className="space-y-2 border-t border-slate-200 pt-4">
          <Heading className="font-semibold text-slate-900">The end of the conversation</Heading>
          <CustomerLines name={view.persona.name} lines={view.ending.say} />
        </div>
      )}
    </div>
  );
}

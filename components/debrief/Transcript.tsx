import { moodLabel } from '@/components/ui/labels';
import { panel } from '@/components/ui/styles';
import type { DebriefView } from '@/server/debrief';
import { CustomerLines, Feedback, Narration, TraineeReply } from './ConversationParts';
import { replyAnchor } from './CostliestMoments';
import { PointsList } from '@/components/ui/PointsList';

export function Transcript({ view }: { view: DebriefView }) {
  const count = view.decisions.length;
  return (
    <section aria-labelledby="transcript-heading">
      <h2 id="transcript-heading" className="text-xl font-semibold tracking-tight">
        The full conversation
      </h2>
      <p className="mt-1 max-w-prose text-slate-700">Every reply you chose, in order, with the points it earned and the feedback on it.</p>
      {count === 0 ? (
        <p className={`${panel} mt-4 p-5 text-slate-700`}>The conversation ended before you had a reply to make.</p>
      ) : (
        <ol className={`${panel} mt-4 divide-y divide-slate-200`}>
          {view.decisions.map((decision, i) => (
            <li key={decision.seq} id={replyAnchor(i + 1)} className="scroll-mt-6 space-y-4 p-5 sm:p-6">
              <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                <h3 className="text-base font-semibold text-slate-900">
                  Reply {i + 1} of {count}
                </h3>
                <p className="text-sm text-slate-600">
                  {view.persona.name}&rsquo;s mood: {moodLabel(decision.mood)}
                </p>
              </div>
              {decision.narration && <Narration text={decision.narration} />}
              <CustomerLines name={view.persona.name} lines={decision.say} />
              <TraineeReply option={decision.taken} />
              <PointsList points={decision.taken.points} label={`Points for reply ${i + 1}`} />
              <Feedback text={decision.taken.feedback} />
            </li>
          ))}
        </ol>
      )}
      {view.ending.say.length > 0 && (
        <div className={`${panel} mt-4 space-y-3 p-5 sm:p-6`}>
          <h3 className="text-base font-semibold text-slate-900">The end of the conversation</h3>
          <CustomerLines name={view.persona.name} lines={view.ending.say} />
        </div>
      )}
    </section>
  );
}

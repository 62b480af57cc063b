import type { DebriefView } from '@/server/training/debrief';
import { moodLabel } from '@/lib/labels';
import { CRITICAL_ERROR_RULE, CustomerLines, Narration, replyAnchor, TraineeReply } from './ConversationParts';
import { AlertIcon } from './Icons';

/**
 * The replies that were critical errors, first after the result, since they decide it: which reply,
 * where in the conversation, what was said, and why it is one.
 */
export function CriticalErrors({ view }: { view: DebriefView }) {
  const errors = view.criticalErrors;
  if (errors.length === 0) return null;
  const count = view.decisions.length;
  return (
    <section aria-labelledby="critical-heading" className="rounded-lg border-2 border-rose-300 bg-white p-5 shadow-sm sm:p-6">
      <h2 id="critical-heading" className="flex items-center gap-2 text-lg font-semibold tracking-tight text-rose-900">
        <AlertIcon />
        {errors.length === 1 ? 'A critical error' : `${errors.length} critical errors`}
      </h2>
      <p className="mt-1 max-w-prose text-slate-800">
        {CRITICAL_ERROR_RULE}{' '}
        {errors.length === 1
          ? 'Below: the reply, where it came in the conversation, and why it is one.'
          : 'Below: each of those replies, where it came in the conversation, and why it is one.'}
      </p>
      <ol className="mt-4 space-y-5">
        {errors.map((decision) => (
          <li key={decision.seq} className="space-y-3 border-l-4 border-rose-300 pl-4">
            <h3 className="text-base font-semibold text-slate-900">
              Reply {decision.number} of {count}
              <span className="font-normal text-slate-700">
                {' '}
                <span aria-hidden="true">·</span>
                <span className="sr-only">,</span> {view.persona.name}&rsquo;s mood then: {moodLabel(decision.mood)}
              </span>
            </h3>
            {decision.narration && <Narration text={decision.narration} />}
            <CustomerLines name={view.persona.name} lines={decision.say} />
            <TraineeReply option={decision.taken} typed={decision.typed} label="You said" />
            <p className="max-w-prose leading-relaxed text-slate-900">
              <span className="font-semibold">Why it is a critical error: </span>
              {decision.critical}
            </p>
            <p className="text-sm">
              <a href={`#${replyAnchor(decision.number)}`} className="text-brand-800 underline underline-offset-2 hover:decoration-2">
                See reply {decision.number} in the full conversation
              </a>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

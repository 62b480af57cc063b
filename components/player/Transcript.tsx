import { isDecision, isEnding, sayLines, type ScenarioDocument } from '@/machines/document';
import { FeedbackNote } from './FeedbackNote';
import type { ShownStep } from './player-state';

function CustomerLines({ scenario, stateName }: { scenario: ScenarioDocument; stateName: string }) {
  const state = scenario.states[stateName];
  if (!state) return null;
  const narration = isDecision(state) ? state.meta.narration : undefined;
  const lines = isDecision(state) || isEnding(state) ? sayLines(state.meta.say) : [];
  const name = scenario.meta.persona.name;
  return (
    <>
      {narration && (
        <li className="mx-auto max-w-prose text-center text-sm italic text-slate-700">
          <span className="sr-only">Narration: </span>
          {narration}
        </li>
      )}
      {lines.map((line, i) => (
        <li key={i} className="flex items-start gap-3">
          <span aria-hidden="true" className="mt-1 flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-slate-200 text-sm font-semibold text-slate-800">
            {name.charAt(0)}
          </span>
          <p className="max-w-[85%] rounded-2xl rounded-tl-sm bg-white px-4 py-2 text-slate-900 shadow-sm ring-1 ring-slate-200">
            <span className="sr-only">{name}: </span>
            {line}
          </p>
        </li>
      ))}
    </>
  );
}

/** The trainee's words for a step: the same in every alternative of a choice. */
function wordsOf(scenario: ScenarioDocument, step: ShownStep): string | null {
  const state = scenario.states[step.fromState];
  if (!state || !isDecision(state)) return null;
  const value = state.on[step.event];
  const first = Array.isArray(value) ? value[0] : value;
  const meta = first?.meta as { choice?: string } | undefined;
  return meta?.choice ?? null;
}

/** The conversation so far, announced line by line as it grows. */
export function Transcript({
  scenario,
  steps,
  initialState,
}: {
  scenario: ScenarioDocument;
  steps: ShownStep[];
  initialState: string;
}) {
  return (
    <section aria-labelledby="conversation-heading" className="mt-4">
      <h2 id="conversation-heading" className="sr-only">
        Conversation
      </h2>
      {/* The live region wraps the list, so the list keeps its list semantics. */}
      <div role="log" aria-live="polite" aria-relevant="additions" className="rounded-lg bg-slate-100 p-4">
        <ol className="space-y-3">
          <CustomerLines scenario={scenario} stateName={initialState} />
          {steps.map((step) => (
            <StepLines key={step.seq} scenario={scenario} step={step} />
          ))}
        </ol>
      </div>
    </section>
  );
}

function StepLines({ scenario, step }: { scenario: ScenarioDocument; step: ShownStep }) {
  const words = step.timedOut ? null : wordsOf(scenario, step);
  return (
    <>
      <li className="flex flex-col items-end gap-1">
        {step.timedOut ? (
          <p className="max-w-[85%] rounded-2xl rounded-tr-sm border border-dashed border-slate-400 px-4 py-2 italic text-slate-700">
            <span className="sr-only">You: </span>(You didn&apos;t reply in time.)
          </p>
        ) : (
          <p className="max-w-[85%] rounded-2xl rounded-tr-sm bg-brand-800 px-4 py-2 text-white shadow-sm">
            <span className="sr-only">You: </span>
            {words}
          </p>
        )}
        {!step.confirmed && (
          <span className="text-xs text-slate-600" aria-hidden="true">
            Saving…
          </span>
        )}
        {step.feedback && <FeedbackNote feedback={step.feedback} />}
      </li>
      <CustomerLines scenario={scenario} stateName={step.toState} />
    </>
  );
}


'use client';

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { compileScenario, type CompiledScenario } from '@/machines/compile';
import { isDecision, isEnding, timeLimitsOf, type ScenarioDocument } from '@/machines/document';
import { MOOD_MAX, MOOD_MIN, TIMEOUT_EVENT } from '@/machines/format';
import { decisionTimeLimitMs, initialSnapshot, isFinished, positionOf, shownReplies, snapshotAt, step, type Decision, type Position } from '@/machines/runtime';
import { criticalErrors, hasPassed, scoreAttempt } from '@/machines/scoring';
import type { TimeMode } from '@/machines/timing';
import { Choices } from '@/components/player/Choices';
import { Countdown } from '@/components/player/Countdown';
import { CompactMood, PersonaPanel } from '@/components/player/PersonaPanel';
import type { ShownStep } from '@/components/player/player-state';
import { Transcript } from '@/components/player/Transcript';
import { OUTCOME_LABELS, formatPercent, moodLabel } from '@/lib/labels';
import { buttonStyles, panel } from '@/components/ui/styles';
import { Field, hintStyle, inputStyle, labelStyle } from './fields';

/**
 * The scenario played here as a trainee sees it, with the player's own parts, stepped in the
 * browser by the shared runtime: the replies in a shuffled order (each run is shuffled as a new
 * attempt would be), the time limits with reading time, and pass or fail with critical errors.
 * Nothing is sent or recorded.
 */
interface Run {
  /** Changes with each new run, so the conversation starts afresh. */
  id: number;
  /** Stands in for an attempt's id: the replies are shuffled by it, as for an attempt. */
  previewId: string;
  startState: string;
  position: Position;
  steps: ShownStep[];
  decisions: Decision[];
  finished: boolean;
  deadline: number | null;
}

/** The current decision's deadline on this clock, or null: reading time plus the written limit, as the player gives it. */
function deadlineAt(scenario: CompiledScenario, snapshot: ReturnType<typeof initialSnapshot>, timeMode: TimeMode | null, now: number): number | null {
  const limit = timeMode === null ? null : decisionTimeLimitMs(scenario, snapshot, timeMode);
  return limit === null ? null : now + limit;
}

function startRun(scenario: CompiledScenario, from: Position | null, timeMode: TimeMode | null, now: number): Run {
  const snapshot = from ? snapshotAt(scenario, from) : initialSnapshot(scenario);
  const position = positionOf(snapshot);
  return {
    id: now,
    previewId: `preview-${now}-${Math.random().toString(36).slice(2)}`,
    startState: position.state,
    position,
    steps: [],
    decisions: [],
    finished: isFinished(snapshot),
    deadline: deadlineAt(scenario, snapshot, timeMode, now),
  };
}

/** The words of a reply, the same in every alternative; null for letting time run out. */
function replyWords(scenario: ScenarioDocument, state: string, event: string): string | null {
  const decision = scenario.states[state];
  if (event === TIMEOUT_EVENT || !decision || !isDecision(decision)) return null;
  const value = decision.on[event];
  const first = Array.isArray(value) ? value[0] : value;
  return (first?.meta as { choice?: string } | undefined)?.choice ?? null;
}

export function PreviewPanel({ scenario, selectedState, flags }: { scenario: ScenarioDocument; selectedState: string | null; flags: string[] }) {
  const compiled = useMemo(() => compileScenario(scenario), [scenario]);
  const id = useId();
  const decisionStates = Object.entries(scenario.states)
    .filter(([, s]) => isDecision(s))
    .map(([n]) => n);
  const isDecisionState = (name: string | null): name is string => name !== null && decisionStates.includes(name);
  // Where to play from: the state selected in the editor when it is a decision, until another is chosen here.
  const [from, setFrom] = useState<string>(isDecisionState(selectedState) ? selectedState : '');
  const [fromSelection, setFromSelection] = useState(selectedState);
  if (fromSelection !== selectedState) {
    setFromSelection(selectedState);
    if (isDecisionState(selectedState)) setFrom(selectedState);
  }
  const [mood, setMood] = useState(scenario.context?.mood ?? 0);
  const [chosenFlags, setChosenFlags] = useState<string[]>([]);
  const timed = timeLimitsOf(scenario).length > 0;
  // As a trainee starts: standard time limits where the scenario has any (the panel changes them).
  const [chosenTimeMode, setTimeMode] = useState<TimeMode>('standard');
  const timeMode: TimeMode | null = timed ? chosenTimeMode : null;
  const assessment = scenario.meta.feedback === 'debrief';
  const [run, setRun] = useState<Run | null>(null);
  const choicesRef = useRef<HTMLDivElement>(null);
  const endRef = useRef<HTMLHeadingElement>(null);

  const begin = (fromState: string | null) => {
    const position = fromState ? { state: fromState, mood, flags: [...chosenFlags].sort() } : null;
    setRun(startRun(compiled, position, timeMode, Date.now()));
  };

  const choose = (event: string) =>
    setRun((current) => {
      if (!current || current.finished) return current;
      const result = step(compiled, snapshotAt(compiled, current.position), event);
      if (!result.ok) return current;
      const next = positionOf(result.next);
      const shown: ShownStep = {
        seq: current.steps.length,
        fromState: current.position.state,
        event,
        requestedEvent: event,
        toState: next.state,
        timedOut: event === TIMEOUT_EVENT,
        typed: null,
        feedback: scenario.meta.feedback === 'immediate' ? { text: result.option.feedback, earned: result.decision.earned, critical: result.option.critical } : null,
        confirmed: true,
      };
      return {
        ...current,
        position: next,
        steps: [...current.steps, shown],
        decisions: [...current.decisions, result.decision],
        finished: isFinished(result.next),
        deadline: deadlineAt(compiled, result.next, timeMode, Date.now()),
      };
    });

  // The timer runs out: silence, as in the player.
  useEffect(() => {
    if (!run || run.finished || run.deadline === null || timeMode === null || timeMode === 'off') return;
    const timer = setTimeout(() => choose(TIMEOUT_EVENT), Math.max(0, run.deadline - Date.now()));
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run?.deadline, run?.finished, timeMode, run?.steps.length]);

  // Keyboard focus stays with the replies, then moves to the ending.
  useEffect(() => {
    if (!run) return;
    if (run.finished) endRef.current?.focus();
    else choicesRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run?.id, run?.steps.length, run?.finished]);

  // The replies in the order this run shows them, as an attempt would.
  const options = useMemo(() => (run && !run.finished ? shownReplies(compiled, snapshotAt(compiled, run.position), run.previewId) : []), [compiled, run]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    // A held-down key repeats: it must not answer the next decisions too.
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
    if ((event.target as HTMLElement).closest('input, select, textarea')) return;
    const option = options[Number(event.key) - 1];
    if (option) {
      event.preventDefault();
      choose(option.event);
    }
  }

  const score = run?.finished ? scoreAttempt(run.decisions) : null;
  const ending = run?.finished ? scenario.states[run.position.state] : undefined;
  const outcome = ending && isEnding(ending) ? ending.meta.outcome : null;
  const critical = run ? criticalErrors(run.decisions) : 0;
  const criticalTaken = run ? run.decisions.filter((d) => d.critical !== null) : [];

  return (
    <div className="grid grid-cols-1 gap-4">
      <section aria-labelledby={`${id}-setup`} className={`${panel} p-4`}>
        <h2 id={`${id}-setup`} className="text-base font-semibold">
          Preview
        </h2>
        <p className={hintStyle}>
          Plays the draft exactly as a trainee sees it: the replies in a shuffled order (new for each play, unless a decision keeps the written order), time limits with time to
          read, and a critical error failing the attempt. Nothing is recorded.
        </p>
        <div className="mt-3 flex flex-wrap items-end gap-3">
          <button type="button" className={buttonStyles.primary} onClick={() => begin(null)}>
            Play from the start
          </button>
          <span className="text-sm text-slate-700">or</span>
          <Field id={`${id}-from`} label="From step">
            {(control) => (
              <select {...control} value={from} onChange={(e) => setFrom(e.target.value)} className={inputStyle}>
                <option value="">— choose a decision —</option>
                {decisionStates.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={`${id}-mood`} label="With mood">
            {(control) => (
              <select {...control} value={mood} onChange={(e) => setMood(Number(e.target.value))} className={inputStyle}>
                {Array.from({ length: MOOD_MAX - MOOD_MIN + 1 }, (_, i) => MOOD_MIN + i).map((m) => (
                  <option key={m} value={m}>
                    {m} ({moodLabel(m)})
                  </option>
                ))}
              </select>
            )}
          </Field>
          {flags.length > 0 && (
            <fieldset>
              <legend className={labelStyle}>And remembered</legend>
              <div className="mt-1 flex flex-wrap gap-3">
                {flags.map((flag) => (
                  <label key={flag} className="flex items-center gap-1 text-sm">
                    <input
                      type="checkbox"
                      className="h-4 w-4"
                      checked={chosenFlags.includes(flag)}
                      onChange={(e) => setChosenFlags((all) => (e.target.checked ? [...all, flag] : all.filter((f) => f !== flag)))}
                    />
                    <span className="font-mono">{flag}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <button type="button" className={buttonStyles.secondary} disabled={!from} onClick={() => begin(from)}>
            Play from {from ? `“${from}”` : 'a step'}
          </button>
        </div>
      </section>

      {run && (
        // Number keys choose while focus is inside the preview, as in the player.
        <div onKeyDown={onKeyDown} className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
          <div className="min-w-0">
            <p className="text-xl font-bold tracking-tight">{scenario.meta.title}</p>
            {assessment ? (
              <p className="mt-1 text-sm text-slate-700">
                For you as author: the customer&rsquo;s mood is {run.position.mood} ({moodLabel(run.position.mood)}). Trainees in an assessment do not see it.
              </p>
            ) : (
              <CompactMood name={scenario.meta.persona.name} mood={run.position.mood} />
            )}
            <Transcript key={run.id} scenario={scenario} steps={run.steps} initialState={run.startState} />
            {run.finished ? (
              <section aria-labelledby={`${id}-end`} className={`${panel} mt-6 p-5`}>
                <h2 id={`${id}-end`} ref={endRef} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
                  The conversation is over
                </h2>
                {outcome && ending && isEnding(ending) && <p className="mt-2 text-slate-800">{ending.meta.summary}</p>}
                {score && outcome && (
                  <p className="mt-3 text-slate-900">
                    <strong>{OUTCOME_LABELS[outcome]}</strong> · {formatPercent(score.overallPercent)} overall ·{' '}
                    {hasPassed(score.overallPercent, scenario.meta.passPercent, outcome, critical)
                      ? 'Passed ✓'
                      : critical > 0
                        ? 'Not passed: a critical error fails the attempt whatever the score'
                        : `Not passed (pass mark ${scenario.meta.passPercent}%)`}
                  </p>
                )}
                {criticalTaken.length > 0 && (
                  <div className="mt-3 rounded-md border-l-4 border-rose-700 bg-rose-50 px-3 py-2 text-sm text-rose-950">
                    <p className="font-semibold">{criticalTaken.length === 1 ? 'A critical error was taken' : `${criticalTaken.length} critical errors were taken`}</p>
                    <ul className="mt-1 list-disc pl-5">
                      {criticalTaken.map((d, i) => {
                        const words = replyWords(scenario, d.state, d.event);
                        return (
                          <li key={i}>
                            At <span className="font-mono">{d.state}</span>, {words === null ? 'no reply in time' : <>“{words}”</>}: {d.critical}
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                )}
                {scenario.meta.feedback === 'debrief' && run.decisions.length > 0 && (
                  <p className="mt-2 text-sm text-slate-700">In an assessment the trainee reads each reply&rsquo;s feedback in the debrief.</p>
                )}
                <button type="button" className={`${buttonStyles.secondary} mt-4`} onClick={() => begin(null)}>
                  Play again from the start
                </button>
              </section>
            ) : (
              <div ref={choicesRef} tabIndex={-1} aria-labelledby={`${id}-choices`} className="mt-6 rounded-lg focus:outline-none">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 id={`${id}-choices`} className="text-lg font-semibold">
                    Your reply
                  </h2>
                  {run.deadline !== null && timeMode !== null && timeMode !== 'off' && <Countdown deadline={run.deadline} key={run.steps.length} />}
                </div>
                <p className="mt-1 text-sm text-slate-700">Choose a reply, or press its number.</p>
                <Choices options={options} onChoose={choose} disabled={false} />
              </div>
            )}
          </div>
          <PersonaPanel
            persona={scenario.meta.persona}
            channel={scenario.meta.channel}
            mood={assessment ? null : run.position.mood}
            feedbackMode={scenario.meta.feedback}
            timeMode={timeMode}
            finished={run.finished}
            onTimeModeChange={(mode) => {
              setTimeMode(mode);
              setRun((current) => {
                if (!current || current.finished) return current;
                return { ...current, deadline: deadlineAt(compiled, snapshotAt(compiled, current.position), mode, Date.now()) };
              });
            }}
          />
        </div>
      )}
    </div>
  );
}

'use client';

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { compileScenario, type CompiledScenario } from '@/machines/compile';
import { isDecision, isEnding, timeLimitsOf, type ScenarioDocument } from '@/machines/document';
import { MOOD_MAX, MOOD_MIN, TIMEOUT_EVENT } from '@/machines/format';
import { initialSnapshot, isFinished, openOptions, positionOf, snapshotAt, step, timeLimitOf, visibleChoices, type Decision, type Position } from '@/machines/runtime';
import { hasPassed, scoreAttempt } from '@/machines/scoring';
import { timeLimitMs, type TimeMode } from '@/machines/timing';
import { Choices } from '@/components/player/Choices';
import { Countdown } from '@/components/player/Countdown';
import { CompactMood, PersonaPanel } from '@/components/player/PersonaPanel';
import type { ShownStep } from '@/components/player/player-state';
import { Transcript } from '@/components/player/Transcript';
import { OUTCOME_LABELS, formatPercent, moodLabel } from '@/components/ui/labels';
import { buttonStyles, panel } from '@/components/ui/styles';
import { hintStyle, inputStyle, labelStyle } from './fields';

/**
 * The scenario played here as a trainee sees it, with the player's own parts, stepped in the
 * browser by the shared runtime. Nothing is sent or recorded.
 */
interface Run {
  /** Changes with each new run, so the conversation starts afresh. */
  id: number;
  startState: string;
  position: Position;
  steps: ShownStep[];
  decisions: Decision[];
  finished: boolean;
  deadline: number | null;
}

function startRun(scenario: CompiledScenario, from: Position | null, timeMode: TimeMode, now: number): Run {
  const snapshot = from ? snapshotAt(scenario, from) : initialSnapshot(scenario);
  const position = positionOf(snapshot);
  const limit = timeLimitMs(timeLimitOf(scenario, snapshot), timeMode);
  return { id: now, startState: position.state, position, steps: [], decisions: [], finished: isFinished(snapshot), deadline: limit === null ? null : now + limit };
}

export function PreviewPanel({ scenario, selectedState, flags }: { scenario: ScenarioDocument; selectedState: string | null; flags: string[] }) {
  const compiled = useMemo(() => compileScenario(scenario), [scenario]);
  const id = useId();
  const decisionStates = Object.entries(scenario.states).filter(([, s]) => isDecision(s)).map(([n]) => n);
  const [from, setFrom] = useState<string>('');
  const [mood, setMood] = useState(scenario.context?.mood ?? 0);
  const [chosenFlags, setChosenFlags] = useState<string[]>([]);
  const [timeMode, setTimeMode] = useState<TimeMode>('off');
  const [run, setRun] = useState<Run | null>(null);
  const choicesRef = useRef<HTMLDivElement>(null);
  const endRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (selectedState && decisionStates.includes(selectedState)) setFrom(selectedState);
    // Only when the selection changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedState]);

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
      const limit = timeLimitMs(timeLimitOf(compiled, result.next), timeMode);
      const shown: ShownStep = {
        seq: current.steps.length,
        fromState: current.position.state,
        event,
        requestedEvent: event,
        toState: next.state,
        timedOut: event === TIMEOUT_EVENT,
        feedback: scenario.meta.feedback === 'immediate' ? { text: result.option.feedback, earned: result.decision.earned } : null,
        confirmed: true,
      };
      return {
        ...current,
        position: next,
        steps: [...current.steps, shown],
        decisions: [...current.decisions, result.decision],
        finished: isFinished(result.next),
        deadline: limit === null ? null : Date.now() + limit,
      };
    });

  // The timer runs out: silence, as in the player.
  useEffect(() => {
    if (!run || run.finished || run.deadline === null || timeMode === 'off') return;
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

  const options = useMemo(
    () => (run && !run.finished ? visibleChoices(openOptions(compiled, snapshotAt(compiled, run.position))) : []),
    [compiled, run],
  );

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
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

  return (
    <div className="grid grid-cols-1 gap-4">
      <section aria-labelledby={`${id}-setup`} className={`${panel} p-4`}>
        <h2 id={`${id}-setup`} className="text-base font-semibold">
          Preview
        </h2>
        <p className={hintStyle}>Plays the draft exactly as a trainee sees it. Nothing is recorded.</p>
        <div className="mt-3 flex flex-wrap items-end gap-3">
          <button type="button" className={buttonStyles.primary} onClick={() => begin(null)}>
            Play from the start
          </button>
          <span className="text-sm text-slate-700">or</span>
          <div>
            <label htmlFor={`${id}-from`} className={labelStyle}>
              From state
            </label>
            <select id={`${id}-from`} value={from} onChange={(e) => setFrom(e.target.value)} className={inputStyle}>
              <option value="">— choose a decision —</option>
              {decisionStates.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-mood`} className={labelStyle}>
              With mood
            </label>
            <select id={`${id}-mood`} value={mood} onChange={(e) => setMood(Number(e.target.value))} className={inputStyle}>
              {Array.from({ length: MOOD_MAX - MOOD_MIN + 1 }, (_, i) => MOOD_MIN + i).map((m) => (
                <option key={m} value={m}>
                  {m} ({moodLabel(m)})
                </option>
              ))}
            </select>
          </div>
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
            Play from {from ? `“${from}”` : 'a state'}
          </button>
        </div>
      </section>

      {run && (
        // Number keys choose while focus is inside the preview, as in the player.
        // eslint-disable-next-line jsx-a11y/no-static-element-interactions
        <div onKeyDown={onKeyDown} className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
          <div className="min-w-0">
            <p className="text-xl font-bold tracking-tight">{scenario.meta.title}</p>
            <CompactMood name={scenario.meta.persona.name} mood={run.position.mood} />
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
                    {hasPassed(score.overallPercent, scenario.meta.passPercent, outcome) ? 'Passed ✓' : `Not passed (pass mark ${scenario.meta.passPercent}%)`}
                  </p>
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
                  {run.deadline !== null && timeMode !== 'off' && <Countdown deadline={run.deadline} key={run.steps.length} />}
                </div>
                <p className="mt-1 text-sm text-slate-700">Choose a reply, or press its number.</p>
                <Choices options={options} onChoose={choose} disabled={false} />
              </div>
            )}
          </div>
          <PersonaPanel
            persona={scenario.meta.persona}
            channel={scenario.meta.channel}
            mood={run.position.mood}
            feedbackMode={scenario.meta.feedback}
            timeMode={timeMode}
            hasTimers={timeLimitsOf(scenario).length > 0}
            finished={run.finished}
            onTimeModeChange={(mode) => {
              setTimeMode(mode);
              setRun((current) => {
                if (!current || current.finished) return current;
                const limit = timeLimitMs(timeLimitOf(compiled, snapshotAt(compiled, current.position)), mode);
                return { ...current, deadline: limit === null ? null : Date.now() + limit };
              });
            }}
          />
        </div>
      )}
    </div>
  );
}

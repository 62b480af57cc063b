'use client';

import { memo, useId, useState } from 'react';
import { TIMEOUT_EVENT } from '@/machines/format';
import { principleName } from '@/machines/principles';
import { formatPath, type PathSegment } from '@/machines/json-path';
import { useConfirmFocus } from '@/components/ui/use-confirm-focus';
import {
  addAlternative,
  alternativesOf,
  deleteChoice,
  editAlternative,
  flagsOf,
  moodOf,
  pointsOf,
  moveChoice,
  removeAlternative,
  renameChoice,
  replyText,
  setChoiceWords,
  statesOf,
  text,
  type DraftTransition,
} from './draft-edits';
import type { EditProps } from './edit-props';
import { useErrorsUnder, useGoingToReply } from './field-problems';
import { dangerSmallButton, groupBox, hintStyle, InFile, NameField, nameProblem, smallButton, TextArea } from './fields';
import { CriticalField, ReplyFields } from './ReplyFields';
import { EffectFields, FeedbackField, GuardFields, TargetField, type TargetOption } from './TransitionFields';

export type ChoiceProps = EditProps & { name: string; choice: string; principles: string[]; targets: TargetOption[] };

/**
 * Props equal but for `doc`, and in both documents the same transition for the choice and the same
 * choice keys: what a choice's section shows is then unchanged, so typing elsewhere in the state
 * (its customer line, another choice) does not re-render it. Its edits apply to the current draft.
 */
function sameChoice<P extends ChoiceProps>(before: P, after: P): boolean {
  for (const key of Object.keys(after) as (keyof P)[]) if (key !== 'doc' && before[key] !== after[key]) return false;
  const onOf = (props: P) => statesOf(props.doc)[props.name]?.on;
  const [was, now] = [onOf(before), onOf(after)];
  return JSON.stringify(was?.[before.choice]) === JSON.stringify(now?.[after.choice]) && JSON.stringify(Object.keys(was ?? {})) === JSON.stringify(Object.keys(now ?? {}));
}

/**
 * Whether a reply (or no reply in time) is open, its body's id, and how many errors it holds. It
 * opens when a problem in it is gone to from the panel: adjusted while rendering, so the field is
 * there to take focus once the editor has rendered.
 */
function useFold(name: string, choice: string, startOpen: boolean) {
  const [open, setOpen] = useState(startOpen);
  const goingTo = useGoingToReply(name, choice);
  const [openedFor, setOpenedFor] = useState(goingTo);
  if (goingTo !== openedFor) {
    setOpenedFor(goingTo);
    if (goingTo && !open) setOpen(true);
  }
  const bodyId = useId();
  const errors = useErrorsUnder(formatPath(['states', name, 'on', choice]));
  return { open, setOpen, bodyId, errors };
}

/** A folded reply's line under its button: what it scores and changes, and where it goes. */
function FoldedSummary({ list }: { list: DraftTransition[] }) {
  const goesTo = [...new Set(list.map((t) => text(t.target)).filter(Boolean))];
  return (
    <p className="pl-4.5 text-xs text-slate-700">
      {list.length > 1 ? `${list.length} outcomes by condition` : replySummary(list[0])}
      {' · '}
      {goesTo.length ? `goes to ${goesTo.join(' or ')}` : <span className="font-semibold text-rose-800">no next step yet</span>}
    </p>
  );
}

/**
 * What happens when the trainee says nothing before the time limit, folded like a reply: critical
 * or not, and what follows it.
 */
export function NoReplyInTime({ doc, onEdit, announce, name, principles, targets }: Omit<ChoiceProps, 'choice'>) {
  const value = statesOf(doc)[name]?.on?.[TIMEOUT_EVENT];
  const list = alternativesOf(value);
  const { open, setOpen, bodyId, errors } = useFold(name, TIMEOUT_EVENT, false);
  const critical = replyText(value, 'critical').trim() !== '';
  return (
    <section aria-labelledby="timeout-heading" className={`${groupBox} grid gap-2 py-2`}>
      <h3 id="timeout-heading" className="text-base">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen(!open)}
          className="flex w-full items-start gap-1.5 rounded text-left focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700"
        >
          <span aria-hidden="true" className="w-3 shrink-0 text-slate-600">
            {open ? '▾' : '▸'}
          </span>
          <span>
            <span className="font-semibold">No reply in time</span>
            {critical && <span className="text-sm font-normal text-rose-900"> (critical error)</span>}
            {errors > 0 && <span className="text-sm font-semibold text-rose-800"> ({errors === 1 ? '1 error' : `${errors} errors`})</span>}
          </span>
        </button>
      </h3>
      {!open && <FoldedSummary list={list} />}
      <div id={bodyId} hidden={!open} className="grid gap-3">
        <p className={hintStyle}>
          When the trainee says nothing before the time limit. Silence is scored like a reply: say where it leads, what it costs and why.
          <InFile code="on.TIMEOUT" />
        </p>
        <CriticalField doc={doc} onEdit={onEdit} name={name} choice={TIMEOUT_EVENT} />
        <Alternatives doc={doc} onEdit={onEdit} announce={announce} name={name} choice={TIMEOUT_EVENT} principles={principles} targets={targets} />
      </div>
    </section>
  );
}

/** What a reply earns and changes, in a line: "Responsiveness +2 · mood +1 · remembers promised". */
function replySummary(transition: DraftTransition | undefined): string {
  if (!transition) return '';
  const parts = Object.entries(pointsOf(transition)).map(([principle, points]) => `${principleName(principle)} ${points > 0 ? `+${points}` : points < 0 ? `−${-points}` : '0'}`);
  const mood = moodOf(transition);
  if (mood) parts.push(`mood ${mood > 0 ? `+${mood}` : `−${-mood}`}`);
  for (const flag of flagsOf(transition)) if (flag) parts.push(`remembers ${flag}`);
  return parts.length ? parts.join(' · ') : 'no points';
}

/**
 * One reply of a decision, shown as one line (its words, what it scores, where it goes) until
 * opened: its words, short name, own fields, what follows it, and buttons to move or delete it.
 * A reply opens by its button, when added, and when a problem in it is gone to from the panel.
 */
export const ChoiceEditor = memo(function ChoiceEditor({
  doc,
  onEdit,
  announce,
  name,
  choice,
  index,
  count,
  principles,
  targets,
  startOpen = false,
}: ChoiceProps & { index: number; count: number; startOpen?: boolean }) {
  const state = statesOf(doc)[name]!;
  const value = state.on?.[choice];
  const list = alternativesOf(value);
  const [confirming, setConfirming] = useState(false);
  const { confirmButton, startButton } = useConfirmFocus(confirming);
  const { open, setOpen, bodyId, errors } = useFold(name, choice, startOpen);
  const wordsPath: PathSegment[] = Array.isArray(value) ? ['states', name, 'on', choice, 0, 'meta', 'choice'] : ['states', name, 'on', choice, 'meta', 'choice'];
  const legendId = `choice-${name}-${choice}-legend`;
  const words = text(list[0]?.meta?.choice).trim();
  const critical = replyText(value, 'critical').trim() !== '';
  const move = (delta: number) => {
    onEdit((d) => moveChoice(d, name, choice, delta), `move-choice:${name}`);
    announce(`Reply ${index + 1} moved ${delta < 0 ? 'up' : 'down'}; it is now reply ${index + 1 + delta} of ${count}.`);
  };
  return (
    <fieldset aria-labelledby={legendId} className={`${groupBox} grid gap-2 py-2`} data-choice={choice}>
      <div className="flex items-start justify-between gap-2">
        <h4 id={legendId} className="min-w-0 flex-1 text-sm">
          <button
            type="button"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setOpen(!open)}
            className="flex w-full min-w-0 items-start gap-1.5 rounded text-left focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700"
          >
            <span aria-hidden="true" className="mt-px w-3 shrink-0 text-slate-600">
              {open ? '▾' : '▸'}
            </span>
            <span className="min-w-0">
              <span className="font-semibold">Reply {index + 1}: </span>
              <span className={open ? 'font-medium' : 'line-clamp-1 font-medium'}>{words ? `“${words}”` : <em className="text-slate-700">no words yet</em>}</span>
              {/* Real spaces, not only margins: the button names the reply for screen readers. */}
              {critical && <span className="font-normal text-rose-900"> (critical error)</span>}
              {errors > 0 && <span className="font-semibold text-rose-800"> ({errors === 1 ? '1 error' : `${errors} errors`})</span>}
            </span>
          </button>
        </h4>
        <div className="flex shrink-0 gap-1">
          <button type="button" className={smallButton} disabled={index === 0} onClick={() => move(-1)} aria-label={`Move reply ${index + 1} up`}>
            ↑<span className="sr-only"> Up</span>
          </button>
          <button type="button" className={smallButton} disabled={index === count - 1} onClick={() => move(1)} aria-label={`Move reply ${index + 1} down`}>
            ↓<span className="sr-only"> Down</span>
          </button>
          {!confirming ? (
            <button ref={startButton} type="button" className={dangerSmallButton} onClick={() => setConfirming(true)} aria-label={`Delete reply ${index + 1}`}>
              Delete
            </button>
          ) : (
            <span role="group" aria-label={`Confirm deleting reply ${index + 1}`} className="flex gap-1">
              <button
                ref={confirmButton}
                type="button"
                className={dangerSmallButton}
                onClick={() => {
                  onEdit((d) => deleteChoice(d, name, choice), `delete-choice:${name}`);
                  announce(`Reply ${index + 1} deleted.`);
                }}
              >
                Delete reply {index + 1}
              </button>
              <button type="button" className={smallButton} onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          )}
        </div>
      </div>
      {!open && <FoldedSummary list={list} />}
      <div id={bodyId} hidden={!open} className="grid gap-3">
        <TextArea
          label="Words the trainee says"
          path={formatPath(wordsPath)}
          value={text(list[0]?.meta?.choice)}
          onChange={(words) => onEdit((d) => setChoiceWords(d, name, choice, words), `words:${name}:${choice}`)}
        />
        <ReplyFields doc={doc} onEdit={onEdit} announce={announce} name={name} choice={choice} />
        <Alternatives doc={doc} onEdit={onEdit} announce={announce} name={name} choice={choice} principles={principles} targets={targets} />
        <NameField
          label="Reply’s short name"
          path={formatPath(['states', name, 'on', choice])}
          hint={
            <>
              Not shown to trainees; reports and the map&rsquo;s usage use it.
              <InFile>
                the choice key, <code className="font-mono">on.{choice}</code>
              </InFile>
            </>
          }
          value={choice}
          problem={(next) =>
            nameProblem(
              next,
              Object.keys(state.on ?? {}).filter((k) => k !== choice),
              'reply',
            )
          }
          onRename={(next) => {
            onEdit((d) => renameChoice(d, name, choice, next), `rename-choice:${name}`);
            announce(`Reply ${index + 1}’s short name is now ${next}.`);
          }}
        />
      </div>
    </fieldset>
  );
}, sameChoice);

/**
 * What follows a reply (or no reply in time): one outcome, or several, each used when its condition
 * holds, tried in order, the last without a condition. In the file: guarded alternatives.
 */
export const Alternatives = memo(function Alternatives({ doc, onEdit, announce, name, choice, principles, targets }: ChoiceProps) {
  const value = statesOf(doc)[name]!.on?.[choice];
  const list = alternativesOf(value);
  const several = list.length > 1;
  const what = choice === TIMEOUT_EVENT ? 'no reply in time' : `this reply`;
  return (
    <div className="grid gap-3">
      {list.map((transition, i) => {
        const path: PathSegment[] = Array.isArray(value) ? ['states', name, 'on', choice, i] : ['states', name, 'on', choice];
        const change = (edit: (t: DraftTransition) => void) => onEdit((d) => editAlternative(d, name, choice, i, edit), `alt:${formatPath(path)}`);
        const body = (
          <>
            {several && (
              <GuardFields transition={transition} path={path} onChange={change} noneLabel={i === list.length - 1 ? 'Otherwise (no condition)' : 'Always (no condition)'} />
            )}
            <TargetField transition={transition} path={path} targets={targets} onChange={change} />
            <EffectFields transition={transition} path={path} principles={principles} onChange={change} />
            <FeedbackField transition={transition} path={path} onChange={change} />
          </>
        );
        return several ? (
          <fieldset key={i} className="grid gap-2 rounded-md border border-slate-300 bg-white p-3">
            <legend className="px-1 text-sm font-semibold">{i === list.length - 1 ? `Otherwise: outcome ${i + 1} of ${what}` : `Outcome ${i + 1} of ${what}`}</legend>
            {body}
            <div>
              <button
                type="button"
                className={dangerSmallButton}
                onClick={() => {
                  onEdit((d) => removeAlternative(d, name, choice, i), `remove-alt:${name}:${choice}`);
                  announce(`Outcome ${i + 1} removed.`);
                }}
              >
                Remove outcome {i + 1}
              </button>
            </div>
          </fieldset>
        ) : (
          <div key={i} className="grid gap-3">
            {body}
          </div>
        );
      })}
      <div>
        <button
          type="button"
          className={smallButton}
          onClick={() => {
            onEdit((d) => addAlternative(d, name, choice), `add-alt:${name}:${choice}`);
            announce(`A different outcome was added first to ${what}: it is used when its condition holds, otherwise the next one.`);
          }}
        >
          Add a different outcome for a condition
        </button>
        <p className={hintStyle}>
          E.g. a warmer answer when the customer is calm. Outcomes are tried in order; the first whose condition holds is used. The last has no condition.
          <InFile>a list of guarded alternatives</InFile>
        </p>
      </div>
    </div>
  );
}, sameChoice);

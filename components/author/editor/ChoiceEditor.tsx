'use client';

import { memo, useState } from 'react';
import { TIMEOUT_EVENT } from '@/machines/format';
import { formatPath, type PathSegment } from '@/machines/json-path';
import { useConfirmFocus } from '@/components/ui/use-confirm-focus';
import {
  addAlternative,
  alternativesOf,
  deleteChoice,
  editAlternative,
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
import { dangerSmallButton, groupBox, hintStyle, NameField, nameProblem, smallButton, TextArea } from './fields';
import { ReplyFields } from './ReplyFields';
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

/** One choice of a decision: its words, key and reply, what follows it, and buttons to move or delete it. */
export const ChoiceEditor = memo(function ChoiceEditor({ doc, onEdit, announce, name, choice, index, count, principles, targets }: ChoiceProps & { index: number; count: number }) {
  const state = statesOf(doc)[name]!;
  const value = state.on?.[choice];
  const list = alternativesOf(value);
  const [confirming, setConfirming] = useState(false);
  const { confirmButton, startButton } = useConfirmFocus(confirming);
  const wordsPath: PathSegment[] = Array.isArray(value) ? ['states', name, 'on', choice, 0, 'meta', 'choice'] : ['states', name, 'on', choice, 'meta', 'choice'];
  const legendId = `choice-${name}-${choice}-legend`;
  const move = (delta: number) => {
    onEdit((d) => moveChoice(d, name, choice, delta), `move-choice:${name}`);
    announce(`Choice “${choice}” moved ${delta < 0 ? 'up' : 'down'}; it is now choice ${index + 1 + delta} of ${count}.`);
  };
  return (
    <fieldset aria-labelledby={legendId} className={`${groupBox} grid gap-3`} data-choice={choice}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 id={legendId} className="text-sm font-semibold">
          Choice {index + 1}: <span className="font-mono">{choice}</span>
          {/* A real space, not only a margin: the heading names the choice's group for screen readers. */}
          {replyText(value, 'critical').trim() !== '' && <span className="ml-1 font-normal text-rose-900"> (critical error)</span>}
        </h4>
        <div className="flex flex-wrap gap-1">
          <button type="button" className={smallButton} disabled={index === 0} onClick={() => move(-1)} aria-label={`Move choice ${choice} up`}>
            ↑ Up
          </button>
          <button type="button" className={smallButton} disabled={index === count - 1} onClick={() => move(1)} aria-label={`Move choice ${choice} down`}>
            ↓ Down
          </button>
          {!confirming ? (
            <button ref={startButton} type="button" className={dangerSmallButton} onClick={() => setConfirming(true)} aria-label={`Delete choice ${choice}`}>
              Delete
            </button>
          ) : (
            <span role="group" aria-label={`Confirm deleting choice ${choice}`} className="flex gap-1">
              <button
                ref={confirmButton}
                type="button"
                className={dangerSmallButton}
                onClick={() => {
                  onEdit((d) => deleteChoice(d, name, choice), `delete-choice:${name}`);
                  announce(`Choice “${choice}” deleted.`);
                }}
              >
                Delete “{choice}”
              </button>
              <button type="button" className={smallButton} onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          )}
        </div>
      </div>
      <TextArea
        label="Words the trainee says"
        path={formatPath(wordsPath)}
        value={text(list[0]?.meta?.choice)}
        onChange={(words) => onEdit((d) => setChoiceWords(d, name, choice, words), `words:${name}:${choice}`)}
      />
      <NameField
        label="Choice key"
        path={formatPath(['states', name, 'on', choice])}
        value={choice}
        problem={(next) =>
          nameProblem(
            next,
            Object.keys(state.on ?? {}).filter((k) => k !== choice),
            'choice',
          )
        }
        onRename={(next) => {
          onEdit((d) => renameChoice(d, name, choice, next), `rename-choice:${name}`);
          announce(`Choice renamed to ${next}.`);
        }}
      />
      <ReplyFields doc={doc} onEdit={onEdit} announce={announce} name={name} choice={choice} />
      <Alternatives doc={doc} onEdit={onEdit} announce={announce} name={name} choice={choice} principles={principles} targets={targets} />
    </fieldset>
  );
}, sameChoice);

/** A choice's (or the time-out's) transition, or its guarded alternatives tried in order. */
export const Alternatives = memo(function Alternatives({ doc, onEdit, announce, name, choice, principles, targets }: ChoiceProps) {
  const value = statesOf(doc)[name]!.on?.[choice];
  const list = alternativesOf(value);
  const several = list.length > 1;
  const what = choice === TIMEOUT_EVENT ? 'the time-out' : `choice ${choice}`;
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
            <legend className="px-1 text-sm font-semibold">
              {i === list.length - 1 ? 'Otherwise' : `Alternative ${i + 1}`} of {what}
            </legend>
            {body}
            <div>
              <button
                type="button"
                className={dangerSmallButton}
                onClick={() => {
                  onEdit((d) => removeAlternative(d, name, choice, i), `remove-alt:${name}:${choice}`);
                  announce(`Alternative ${i + 1} removed.`);
                }}
              >
                Remove alternative {i + 1}
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
            announce(`A guarded alternative was added first to ${what}: it is used when its condition holds, otherwise the next one.`);
          }}
        >
          Add a guarded alternative
        </button>
        <p className={hintStyle}>Alternatives are tried in order; the first whose condition holds is used. The last has no condition.</p>
      </div>
    </div>
  );
}, sameChoice);
